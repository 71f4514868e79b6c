package org.genlab.diffusion.sde;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Variance-preserving SDE (DDPM), MATH.md §4.1: dx = −½β(t)x dt + √β(t) dw with β(t) = β_min + t(β_max − β_min);
 * kernel mean x_0·exp(−¼t²(β_max−β_min) − ½tβ_min), std √(1 − exp(2·that exponent)); prior N(0, I).
 * Its discretisation is DDPM's: β_i = linspace(β_min/N, β_max/N, N), α_i = 1 − β_i, f = (√α_i − 1)x, G_i = √β_i.
 */
public final class VpSde extends LinearBetaSde {
    public VpSde() {
        this(DEFAULT_BETA_MIN, DEFAULT_BETA_MAX, DEFAULT_N);
    }

    public VpSde(double betaMin, double betaMax, int n) {
        super("VP", betaMin, betaMax, n);
    }

    @Override
    public String name() {
        return "vp";
    }

    @Override
    public VpSde withN(int n) {
        return new VpSde(betaMin(), betaMax(), n);
    }

    @Override
    public double diffusion(double t) {
        return Math.sqrt(beta(t));
    }

    @Override
    public double std(double t) {
        // √(1 − e^{2 log m}); expm1 keeps the relative accuracy at t ≈ ε where 1 − e^{…} cancels
        return Math.sqrt(-Math.expm1(2 * logMeanCoeff(t)));
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
