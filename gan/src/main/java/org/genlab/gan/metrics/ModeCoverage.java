package org.genlab.gan.metrics;

import org.genlab.common.metrics.ToyModes;

/**
 * Mode coverage of samples from a mixture with known centres (toy:8gaussians, toy:25gaussians): a sample is
 * "near" when it lies within {@code radius} of its nearest centre; a mode is covered when at least one sample is
 * near it. Reported as the number of covered modes and the fraction of near samples. Computed by the shared
 * {@link ToyModes} (radius rule, no minimum share).
 */
public record ModeCoverage(int modesCovered, int modes, double fractionNear) {
    public static ModeCoverage of(double[][] samples, double[][] centres, double radius) {
        ToyModes.Coverage c = ToyModes.coverage(samples, centres, radius, 0);
        return new ModeCoverage(c.modesHit(), c.modes(), samples.length == 0 ? 0 : c.hqShare());
    }
}
