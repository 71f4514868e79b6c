package org.genlab.vae.posterior;

import org.genlab.common.nn.BatchNorm;
import org.genlab.common.nn.Linear;
import org.genlab.common.nn.Scope;
import org.genlab.common.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * Diagonal Gaussian q(z|x) = N(μ, diag σ²) with prior N(0, I), z = μ + σ⊙ε. Two variants:
 * <ul>
 *   <li>plain (the baseline "vae"): μ and log σ² from linear heads;</li>
 *   <li>BN-VAE (Zhu et al., MATH.md §2.2, "bn-vae"): μ ← BN(μ_raw) with a fixed γ and a trainable β initialised to
 *       0 (common.nn.BatchNorm with FIXED_GAMMA), log σ² without BN. The batch KL is then ≥ ½Σ_j mean_i μ_ij² =
 *       (d/2)(β̄² + γ²·v/(v+eps)) ≈ (d/2)γ² or more, so it cannot collapse. As in the reference the μ head has no
 *       bias (BN removes it anyway); running statistics serve evaluation.</li>
 * </ul>
 * KL = ½Σ_j(μ² + σ² − log σ² − 1) per example.
 */
public final class GaussianPosterior extends DiagonalGaussianPosterior {
    private final double gamma;
    private final double bnEps;

    /** @param gamma fixed BN γ on μ, or 0 for the plain Gaussian (the reference applies BN only if γ &gt; 0) */
    public GaussianPosterior(int latentDim, double gamma, double bnEps) {
        super(latentDim);
        if (gamma < 0) throw new IllegalArgumentException("BN gamma must be >= 0, got " + gamma);
        this.gamma = gamma;
        this.bnEps = bnEps;
    }

    public static GaussianPosterior plain(int latentDim) {
        return new GaussianPosterior(latentDim, 0, 1e-5);
    }

    /**
     * BN-VAE. The batch variance of μ_j is γ²·v/(v + eps) for a raw variance v, so the KL bound (d/2)γ² holds only up
     * to that factor: with PyTorch's eps 1e−5 (the reference) and v ~ 1e−3 (measured at initialisation) it is off by
     * 1%; eps 1e−8 (Su's choice) keeps it to 1e−5.
     */
    public static GaussianPosterior batchNormMu(int latentDim, double gamma, double bnEps) {
        if (!(gamma > 0)) throw new IllegalArgumentException("BN-VAE needs gamma > 0, got " + gamma);
        if (!(bnEps > 0)) throw new IllegalArgumentException("BN eps must be > 0, got " + bnEps);
        return new GaussianPosterior(latentDim, gamma, bnEps);
    }

    public boolean usesBatchNorm() {
        return gamma > 0;
    }

    public double gamma() {
        return gamma;
    }

    @Override
    public String kind() {
        return usesBatchNorm() ? "bn-vae" : "vae";
    }


    @Override
    public Heads build(Scope scope, SDVariable h, long hDim) {
        SameDiff sd = h.getSameDiff();
        SDVariable mu;
        if (usesBatchNorm()) {
            SDVariable raw = new Linear(scope.child("mu"), hDim, d, false).apply(h).rename(scope.name("mu_raw"));
            mu = new BatchNorm(scope.child("mu_bn"), d, BatchNorm.Options.defaults().withFixedGamma(gamma).withEps(bnEps)).apply(raw);
        } else {
            mu = new Linear(scope.child("mu"), hDim, d).apply(h);
        }
        mu = mu.rename(scope.name("mu_out"));
        SDVariable logvar = new Linear(scope.child("logvar"), hDim, d).apply(h).rename(scope.name("logvar_out"));
        SDVariable eps = sd.placeHolder(scope.name("eps"), h.dataType(), -1, d);
        register(mu, logvar, eps);
        SDVariable z = mu.add(sd.math().exp(logvar.mul(0.5)).mul(eps));
        SDVariable klDim = mu.mul(mu).add(sd.math().exp(logvar)).sub(logvar).sub(1.0).mul(0.5);
        return new Heads(z, klDim.sum(1), klDim, null);
    }







    @Override
    public String describe() {
        return usesBatchNorm() ? "BN-VAE posterior, d=" + d + ", BN on mu with fixed gamma " + gamma + ", trainable beta"
                : "Gaussian posterior, d=" + d;
    }
}
