package org.genlab.vae.vmf;

import org.genlab.common.random.Rng;

/**
 * Su's numerical inverse-CDF sampler for ω = μᵀz under vMF(μ, κ) with fixed κ (MATH.md §3.4): on the grid
 * x = −1+h, −1+2h, …, 1−h the log density y = κx + ((m−3)/2)·log(1−x²) is max-subtracted, exponentiated and
 * accumulated into a CDF, and a uniform u is mapped back by linear interpolation (np.interp in Su's code).
 * Su accumulates with a plain cumulative sum; this uses the trapezoid rule, which removes the half-cell shift of
 * the Riemann sum (a bias of h/2 in ω) at no cost. The table is built once per κ; each draw is a binary search.
 * A step of 1e−5 (2×10⁵ doubles) is the default; MATH.md §3.4 measured E[ω] to 2e−5 at (m, κ) = (4, 20).
 */
public final class OmegaTable {
    public static final double DEFAULT_STEP = 1e-5;

    private final int m;
    private final double kappa;
    private final double step;
    private final double[] x;
    private final double[] cdf;

    public OmegaTable(int m, double kappa, double step) {
        if (m < 2) throw new IllegalArgumentException("vMF needs ambient dimension m >= 2, got " + m);
        if (!(kappa >= 0) || Double.isInfinite(kappa)) throw new IllegalArgumentException("kappa must be finite and >= 0, got " + kappa);
        if (!(step > 0 && step <= 0.1)) throw new IllegalArgumentException("grid step must be in (0, 0.1], got " + step);
        this.m = m;
        this.kappa = kappa;
        this.step = step;
        int n = (int) Math.round(2 / step) - 1;
        x = new double[n];
        double[] y = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            x[i] = -1 + (i + 1) * step;
            // 1 − x² = (1−x)(1+x), with 1 ± x taken from the grid index so neither end cancels
            double oneMinus = 2 - (i + 1) * step, onePlus = (i + 1) * step;
            y[i] = kappa * x[i] + 0.5 * (m - 3) * (Math.log(oneMinus) + Math.log(onePlus));
            max = Math.max(max, y[i]);
        }
        cdf = new double[n];
        double prev = Math.exp(y[0] - max), acc = 0;
        for (int i = 1; i < n; i++) {
            double p = Math.exp(y[i] - max);
            acc += 0.5 * (prev + p);
            cdf[i] = acc;
            prev = p;
        }
        for (int i = 0; i < n; i++) cdf[i] /= acc;
    }

    public OmegaTable(int m, double kappa) {
        this(m, kappa, DEFAULT_STEP);
    }

    public int dim() {
        return m;
    }

    public double kappa() {
        return kappa;
    }

    public double step() {
        return step;
    }

    /** ω for a given uniform u in [0, 1): the interpolated inverse CDF. */
    public double inverse(double u) {
        int lo = 0, hi = cdf.length - 1;
        if (u <= cdf[lo]) return x[lo];
        if (u >= cdf[hi]) return x[hi];
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] <= u) lo = mid;
            else hi = mid;
        }
        double w = (u - cdf[lo]) / (cdf[hi] - cdf[lo]);
        return x[lo] + w * (x[hi] - x[lo]);
    }

    public double draw(Rng rng) {
        return inverse(rng.nextDouble());
    }
}
