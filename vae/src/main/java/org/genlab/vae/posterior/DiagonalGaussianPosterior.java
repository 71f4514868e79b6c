package org.genlab.vae.posterior;

import org.genlab.common.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * What the Gaussian-family posteriors (plain, BN-VAE, Su's μσ-BN) share once their heads are built: reparameterised
 * noise, the (μ, log σ²) statistics for metrics, and the N(0, I) prior. Subclasses build μ and log σ² their own way
 * and call {@link #register}.
 */
abstract class DiagonalGaussianPosterior implements Posterior {
    protected final int d;
    private String muName, logvarName, epsName;

    DiagonalGaussianPosterior(int latentDim) {
        if (latentDim < 1) throw new IllegalArgumentException("latent dimension must be >= 1, got " + latentDim);
        this.d = latentDim;
    }

    /** Records the graph names of μ, log σ² and the noise placeholder ε. */
    protected final void register(SDVariable mu, SDVariable logvar, SDVariable eps) {
        muName = mu.name();
        logvarName = logvar.name();
        epsName = eps.name();
    }

    @Override
    public int zDim() {
        return d;
    }

    @Override
    public List<String> preOutputs() {
        return List.of();
    }

    @Override
    public Map<String, INDArray> noise(Rng rng, int batch, Map<String, INDArray> pre, DataType dtype) {
        return Map.of(epsName, rng.gaussian(dtype, batch, d));
    }

    @Override
    public List<String> statOutputs() {
        return List.of(muName, logvarName);
    }

    @Override
    public LatentBatch latents(Map<String, INDArray> stats) {
        return new GaussianLatents(Posterior.rows(stats.get(muName)), Posterior.rows(stats.get(logvarName)));
    }

    @Override
    public double logPrior(double[] z) {
        return GaussianLatents.logStandardNormal(z);
    }

    @Override
    public INDArray priorSample(Rng rng, int n, DataType dtype) {
        return rng.gaussian(dtype, n, d);
    }
}
