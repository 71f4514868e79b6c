package org.genlab.diffusion.sde;

import org.genlab.common.UsageException;

/**
 * The two SDEs of MATH.md §4.1 driven by the linear schedule β(t) = β_min + t(β_max − β_min): VP and sub-VP share the
 * drift −½β(t)x, the kernel mean m_t = exp(−½∫₀ᵗβ), the N(0, I) prior and DDPM's discrete β_i (used by VP's
 * discretisation and the Langevin corrector's α_i = 1 − β_i); they differ in g(t) and σ_t.
 */
public abstract sealed class LinearBetaSde extends Sde permits VpSde, SubVpSde {
    public static final double DEFAULT_BETA_MIN = 0.1;
    public static final double DEFAULT_BETA_MAX = 20.0;
    public static final int DEFAULT_N = 1000;

    private final double betaMin;
    private final double betaMax;

    LinearBetaSde(String what, double betaMin, double betaMax, int n) {
        super(n);
        if (!(betaMin > 0) || !(betaMax >= betaMin) || Double.isInfinite(betaMax)) {
            throw new UsageException(what + " SDE needs 0 < beta_min <= beta_max, got beta_min=" + betaMin + ", beta_max=" + betaMax);
        }
        if (betaMax / n >= 1) {
            throw new UsageException(what + " SDE: beta_max/N = " + betaMax / n + " must be below 1 for the DDPM discretisation; increase N");
        }
        this.betaMin = betaMin;
        this.betaMax = betaMax;
    }

    public final double betaMin() {
        return betaMin;
    }

    public final double betaMax() {
        return betaMax;
    }

    /** β(t) = β_min + t(β_max − β_min). */
    public final double beta(double t) {
        return betaMin + t * (betaMax - betaMin);
    }

    /** log m_t = −¼t²(β_max − β_min) − ½tβ_min = −½∫₀ᵗβ. */
    final double logMeanCoeff(double t) {
        return -0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin;
    }

    /** DDPM's β_i = linspace(β_min/N, β_max/N, N)[i]. */
    public final double discreteBeta(int i) {
        double b0 = betaMin / N();
        double b1 = betaMax / N();
        return b0 + i * (b1 - b0) / (N() - 1);
    }

    @Override
    public final double driftRate(double t) {
        return -0.5 * beta(t);
    }

    @Override
    public final double meanScale(double t) {
        return Math.exp(logMeanCoeff(t));
    }

    @Override
    public final double priorStd() {
        return 1.0;
    }
}
