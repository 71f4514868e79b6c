package org.genlab.diffusion.sde;

/**
 * Sub-VP SDE, MATH.md §4.1: drift −½β(t)x as VP, diffusion √(β(t)(1 − exp(−2β_min t − (β_max−β_min)t²))); kernel
 * mean as VP, std 1 − exp(−½t²(β_max−β_min) − tβ_min) (so the variance is (1 − e^{−∫β})², always below VP's);
 * prior N(0, I). It uses the default Euler–Maruyama discretisation, as in score_sde.
 */
public final class SubVpSde extends LinearBetaSde {
    public SubVpSde() {
        this(DEFAULT_BETA_MIN, DEFAULT_BETA_MAX, DEFAULT_N);
    }

    public SubVpSde(double betaMin, double betaMax, int n) {
        super("sub-VP", betaMin, betaMax, n);
    }

    @Override
    public String name() {
        return "subvp";
    }

    @Override
    public SubVpSde withN(int n) {
        return new SubVpSde(betaMin(), betaMax(), n);
    }

    @Override
    public double diffusion(double t) {
        // 1 − exp(−2β_min t − (β_max−β_min)t²) = −expm1(4·log m_t)
        return Math.sqrt(beta(t) * -Math.expm1(4 * logMeanCoeff(t)));
    }

    @Override
    public double std(double t) {
        return -Math.expm1(2 * logMeanCoeff(t));
    }
}
