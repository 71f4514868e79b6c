package org.genlab.diffusion.sde;

import org.genlab.common.UsageException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Variance-preserving SDE (DDPM), MATH.md §4.1: dx = −½β(t)x dt + √β(t) dw with β(t) = β_min + t(β_max − β_min);
 * kernel mean x_0·exp(−¼t²(β_max−β_min) − ½tβ_min), std √(1 − exp(2·that exponent)); prior N(0, I).
 * Its discretisation is DDPM's: β_i = linspace(β_min/N, β_max/N, N), α_i = 1 − β_i, f = (√α_i − 1)x, G_i = √β_i.
 */
public final class VpSde extends Sde {
    public static final double DEFAULT_BETA_MIN = 0.1;
    public static final double DEFAULT_BETA_MAX = 20.0;
    public static final int DEFAULT_N = 1000;

    private final double betaMin;
    private final double betaMax;

    public VpSde() {
        this(DEFAULT_BETA_MIN, DEFAULT_BETA_MAX, DEFAULT_N);
    }

    public VpSde(double betaMin, double betaMax, int n) {
        super(n);
        checkBetas("VP", betaMin, betaMax, n);
        this.betaMin = betaMin;
        this.betaMax = betaMax;
    }

    static void checkBetas(String what, double betaMin, double betaMax, int n) {
        if (!(betaMin > 0) || !(betaMax >= betaMin) || Double.isInfinite(betaMax)) {
            throw new UsageException(what + " SDE needs 0 < beta_min <= beta_max, got beta_min=" + betaMin + ", beta_max=" + betaMax);
        }
        if (betaMax / n >= 1) {
            throw new UsageException(what + " SDE: beta_max/N = " + betaMax / n + " must be below 1 for the DDPM discretisation; increase N");
        }
    }

    @Override
    public String name() {
        return "vp";
    }

    @Override
    public VpSde withN(int n) {
        return new VpSde(betaMin, betaMax, n);
    }

    public double betaMin() {
        return betaMin;
    }

    public double betaMax() {
        return betaMax;
    }

    /** β(t) = β_min + t(β_max − β_min). */
    public double beta(double t) {
        return betaMin + t * (betaMax - betaMin);
    }

    /** log m_t = −¼t²(β_max − β_min) − ½tβ_min = −½∫₀ᵗβ. */
    static double logMeanCoeff(double t, double betaMin, double betaMax) {
        return -0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin;
    }

    /** DDPM's β_i = linspace(β_min/N, β_max/N, N)[i]. */
    static double discreteBeta(int i, double betaMin, double betaMax, int n) {
        double b0 = betaMin / n;
        double b1 = betaMax / n;
        return b0 + i * (b1 - b0) / (n - 1);
    }

    /** β_i of the DDPM discretisation at step i. */
    public double discreteBeta(int i) {
        return discreteBeta(i, betaMin, betaMax, N());
    }

    @Override
    public double driftRate(double t) {
        return -0.5 * beta(t);
    }

    @Override
    public double diffusion(double t) {
        return Math.sqrt(beta(t));
    }

    @Override
    public double meanScale(double t) {
        return Math.exp(logMeanCoeff(t, betaMin, betaMax));
    }

    @Override
    public double std(double t) {
        // √(1 − e^{2 log m}); expm1 keeps the relative accuracy at t ≈ ε where 1 − e^{…} cancels
        return Math.sqrt(-Math.expm1(2 * logMeanCoeff(t, betaMin, betaMax)));
    }

    @Override
    public double priorStd() {
        return 1.0;
    }

    @Override
    public Discretization discretize(INDArray x, INDArray t) {
        double[] tv = PerSample.times(t, PerSample.batch(x));
        double[] beta = PerSample.map(tv, s -> discreteBeta(timestepIndex(s)));
        double[] fCoef = new double[beta.length];
        double[] g = new double[beta.length];
        for (int i = 0; i < beta.length; i++) {
            fCoef[i] = Math.sqrt(1 - beta[i]) - 1;
            g[i] = Math.sqrt(beta[i]);
        }
        return new Discretization(PerSample.scale(x, fCoef), PerSample.vector(g, x.dataType()));
    }
}
