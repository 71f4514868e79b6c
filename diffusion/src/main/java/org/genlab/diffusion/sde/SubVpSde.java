package org.genlab.diffusion.sde;

/**
 * Sub-VP SDE, MATH.md §4.1: drift −½β(t)x as VP, diffusion √(β(t)(1 − exp(−2β_min t − (β_max−β_min)t²))); kernel
 * mean as VP, std 1 − exp(−½t²(β_max−β_min) − tβ_min) (so the variance is (1 − e^{−∫β})², always below VP's);
 * prior N(0, I). It uses the default Euler–Maruyama discretisation, as in score_sde.
 */
public final class SubVpSde extends Sde {
    private final double betaMin;
    private final double betaMax;

    public SubVpSde() {
        this(VpSde.DEFAULT_BETA_MIN, VpSde.DEFAULT_BETA_MAX, VpSde.DEFAULT_N);
    }

    public SubVpSde(double betaMin, double betaMax, int n) {
        super(n);
        VpSde.checkBetas("sub-VP", betaMin, betaMax, n);
        this.betaMin = betaMin;
        this.betaMax = betaMax;
    }

    @Override
    public String name() {
        return "subvp";
    }

    @Override
    public SubVpSde withN(int n) {
        return new SubVpSde(betaMin, betaMax, n);
    }

    public double betaMin() {
        return betaMin;
    }

    public double betaMax() {
        return betaMax;
    }

    public double beta(double t) {
        return betaMin + t * (betaMax - betaMin);
    }

    /** DDPM's β_i for this schedule (used by the Langevin corrector's α_i = 1 − β_i, MATH.md §4.5). */
    public double discreteBeta(int i) {
        return VpSde.discreteBeta(i, betaMin, betaMax, N());
    }

    @Override
    public double driftRate(double t) {
        return -0.5 * beta(t);
    }

    @Override
    public double diffusion(double t) {
        // 1 − exp(−2β_min t − (β_max−β_min)t²) = −expm1(4·log m_t)
        double discount = -Math.expm1(-2 * betaMin * t - (betaMax - betaMin) * t * t);
        return Math.sqrt(beta(t) * discount);
    }

    @Override
    public double meanScale(double t) {
        return Math.exp(VpSde.logMeanCoeff(t, betaMin, betaMax));
    }

    @Override
    public double std(double t) {
        return -Math.expm1(2 * VpSde.logMeanCoeff(t, betaMin, betaMax));
    }

    @Override
    public double priorStd() {
        return 1.0;
    }
}
