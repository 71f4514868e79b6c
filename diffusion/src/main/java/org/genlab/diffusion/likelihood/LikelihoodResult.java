package org.genlab.diffusion.likelihood;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-sample log p₀(x) = log p_T(z) + Δlogp, its two parts, the latent z = x(T) and the number of ODE right-hand-side
 * evaluations (NFE; each costs one score evaluation plus D vjps for the exact trace or one for Hutchinson).
 */
public record LikelihoodResult(double[] logp, double[] priorLogp, double[] deltaLogp, INDArray z, long nfe) {
    /** Bits/dim of each sample for data of D values per sample (see {@link DataScale} for the offset). */
    public double[] bitsPerDim(long dims, DataScale scale) {
        return BitsPerDim.of(logp, dims, scale);
    }

    /** Mean log-likelihood over the batch. */
    public double meanLogp() {
        double s = 0;
        for (double v : logp) s += v;
        return s / logp.length;
    }
}
