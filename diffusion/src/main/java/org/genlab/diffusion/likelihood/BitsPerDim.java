package org.genlab.diffusion.likelihood;

/**
 * bits/dim = −log p(x)/(D ln 2) + offset (MATH.md §4.6). The offset converts the density of the scaled data into
 * bits for 8-bit pixel values: see {@link DataScale}; the explicit-offset overload is for other scalings.
 */
public final class BitsPerDim {
    private BitsPerDim() {
    }

    public static double of(double logp, long dims, DataScale scale) {
        return of(logp, dims, scale.offsetBits());
    }

    public static double of(double logp, long dims, double offsetBits) {
        if (dims < 1) throw new IllegalArgumentException("dims must be positive, got " + dims);
        return -logp / (dims * Math.log(2)) + offsetBits;
    }

    public static double[] of(double[] logp, long dims, DataScale scale) {
        double[] out = new double[logp.length];
        for (int i = 0; i < logp.length; i++) out[i] = of(logp[i], dims, scale);
        return out;
    }
}
