package org.genlab.gan.metrics;

/**
 * Mode coverage of samples from a mixture with known centres (toy:8gaussians, toy:25gaussians): a sample is
 * "near" when it lies within {@code radius} of its nearest centre; a mode is covered when at least one sample is
 * near it. Reported as the number of covered modes and the fraction of near samples.
 */
public record ModeCoverage(int modesCovered, int modes, double fractionNear) {
    public static ModeCoverage of(double[][] samples, double[][] centres, double radius) {
        boolean[] hit = new boolean[centres.length];
        int near = 0;
        for (double[] s : samples) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int k = 0; k < centres.length; k++) {
                double dx = s[0] - centres[k][0], dy = s[1] - centres[k][1];
                double d = Math.sqrt(dx * dx + dy * dy);
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            if (bestD <= radius) {
                near++;
                hit[best] = true;
            }
        }
        int covered = 0;
        for (boolean h : hit) if (h) covered++;
        return new ModeCoverage(covered, centres.length, samples.length == 0 ? 0 : near / (double) samples.length);
    }
}
