package org.genlab.diffusion.sde;

import org.genlab.common.UsageException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Variance-exploding SDE (SMLD/NCSN), MATH.md §4.1: dx = σ(t)√(2 ln(σ_max/σ_min)) dw with
 * σ(t) = σ_min(σ_max/σ_min)^t; kernel N(x_0, σ(t)² I) (score_sde's std σ(t), not √(σ(t)² − σ(0)²)); prior
 * N(0, σ_max² I). Its discretisation is SMLD's: σ_i = exp(linspace(ln σ_min, ln σ_max, N)), f = 0,
 * G_i = √(σ_i² − σ_{i−1}²) with σ_{−1} = 0.
 */
public final class VeSde extends Sde {
    public static final double DEFAULT_SIGMA_MIN = 0.01;
    public static final double DEFAULT_SIGMA_MAX = 50.0;
    public static final int DEFAULT_N = 1000;

    private final double sigmaMin;
    private final double sigmaMax;
    private final double logRatio;

    public VeSde() {
        this(DEFAULT_SIGMA_MIN, DEFAULT_SIGMA_MAX, DEFAULT_N);
    }

    public VeSde(double sigmaMin, double sigmaMax, int n) {
        super(n);
        if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin) || Double.isInfinite(sigmaMax)) {
            throw new UsageException("VE SDE needs 0 < sigma_min < sigma_max, got sigma_min=" + sigmaMin
                    + ", sigma_max=" + sigmaMax + "; set sigma_max to about the largest distance between training points");
        }
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
        this.logRatio = Math.log(sigmaMax / sigmaMin);
    }

    @Override
    public String name() {
        return "ve";
    }

    @Override
    public VeSde withN(int n) {
        return new VeSde(sigmaMin, sigmaMax, n);
    }

    public double sigmaMin() {
        return sigmaMin;
    }

    public double sigmaMax() {
        return sigmaMax;
    }

    /** σ(t) = σ_min (σ_max/σ_min)^t. */
    public double sigma(double t) {
        return sigmaMin * Math.exp(t * logRatio);
    }

    /** σ_i of the SMLD ladder, i ∈ [0, N); σ_{−1} = 0. */
    public double discreteSigma(int i) {
        if (i < 0) return 0.0;
        double logMin = Math.log(sigmaMin);
        double logMax = Math.log(sigmaMax);
        // same arithmetic as linspace: start + i·(stop − start)/(N − 1)
        return Math.exp(logMin + i * (logMax - logMin) / (N() - 1));
    }

    @Override
    public double driftRate(double t) {
        return 0.0;
    }

    @Override
    public double diffusion(double t) {
        return sigma(t) * Math.sqrt(2 * logRatio);
    }

    @Override
    public double meanScale(double t) {
        return 1.0;
    }

    @Override
    public double std(double t) {
        return sigma(t);
    }

    @Override
    public double priorStd() {
        return sigmaMax;
    }

    @Override
    public double samplingEps() {
        return 1e-5;
    }

    @Override
    public Discretization discretize(INDArray x, INDArray t) {
        double[] tv = PerSample.times(t, PerSample.batch(x));
        double[] g = PerSample.map(tv, s -> {
            int i = timestepIndex(s);
            double si = discreteSigma(i);
            double sp = discreteSigma(i - 1);
            return Math.sqrt(si * si - sp * sp);
        });
        return new Discretization(x.mul(0.0), PerSample.vector(g, x.dataType()));
    }
}
