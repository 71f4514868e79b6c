package org.genlab.vae.vmf;

import org.genlab.common.random.Rng;

/**
 * Gamma and Beta variates from an {@link Rng}: Marsaglia–Tsang for Gamma(a ≥ 1), the boost
 * Gamma(a) = Gamma(a+1)·U^{1/a} for a &lt; 1 (in log space, so tiny draws do not underflow), and
 * Beta(a, b) = X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b). Wood's sampler needs Beta((m−1)/2, (m−1)/2).
 */
public final class BetaSampler {
    private BetaSampler() {
    }

    /** log of a Gamma(shape, 1) variate. */
    public static double logGamma(Rng rng, double shape) {
        if (!(shape > 0) || Double.isInfinite(shape)) throw new IllegalArgumentException("Gamma shape must be positive, got " + shape);
        if (shape < 1) {
            double u;
            do {
                u = rng.nextDouble();
            } while (u == 0);
            return logGamma(rng, shape + 1) + Math.log(u) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = rng.nextDouble();
            if (u == 0) continue;
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return Math.log(d * v);
        }
    }

    /** A Beta(a, b) variate in (0, 1), formed from log-Gammas so that it stays accurate near 0 and 1. */
    public static double beta(Rng rng, double a, double b) {
        double lx = logGamma(rng, a), ly = logGamma(rng, b);
        // x/(x+y) = 1/(1 + exp(ly − lx))
        return 1.0 / (1.0 + Math.exp(ly - lx));
    }
}
