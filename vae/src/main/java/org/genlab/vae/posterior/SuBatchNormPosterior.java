package org.genlab.vae.posterior;

import org.genlab.common.nn.BatchNorm;
import org.genlab.common.nn.Init;
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
 * Su's extension of BN-VAE (MATH.md §2.3, "bn-vae-su"): BN without affine on both heads, then
 * μ = BN(μ_raw)·√(τ + (1−τ)·sigmoid(θ)) and σ = BN(σ_raw)·√((1−τ)·sigmoid(−θ)), with one trainable θ ∈ R^d
 * (init 0) shared by both scales, so γ_μ² + γ_σ² = 1 (matching the aggregate posterior's second moment to the
 * prior's) and the batch KL is ≥ (d/2)γ_μ² ≥ (d/2)τ. σ is the signed BN output; the KL uses σ² clamped to ≥ 1e−8
 * before the log. BN eps 1e−8 as in Su's Keras code; the linear heads have no bias (BN removes it). z = μ + σ⊙ε.
 */
public final class SuBatchNormPosterior extends DiagonalGaussianPosterior {
    public static final double SIGMA_SQ_FLOOR = 1e-8;
    /** Su's Keras BatchNormalization(epsilon=1e-8). */
    public static final double BN_EPS = 1e-8;
    private final double tau;
    private String thetaName;

    public SuBatchNormPosterior(int latentDim, double tau) {
        super(latentDim);
        if (!(tau > 0 && tau < 1)) throw new IllegalArgumentException("tau must be in (0, 1), got " + tau);
        this.tau = tau;
    }

    public double tau() {
        return tau;
    }

    /** Name of the shared θ parameter. */
    public String thetaName() {
        return thetaName;
    }

    /** γ_μ² = τ + (1−τ)sigmoid(θ). */
    public double gammaMuSq(double theta) {
        return tau + (1 - tau) * sigmoid(theta);
    }

    /** γ_σ² = (1−τ)sigmoid(−θ). */
    public double gammaSigmaSq(double theta) {
        return (1 - tau) * sigmoid(-theta);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    public String kind() {
        return "bn-vae-su";
    }


    @Override
    public Heads build(Scope scope, SDVariable h, long hDim) {
        SameDiff sd = h.getSameDiff();
        BatchNorm.Options bn = BatchNorm.Options.defaults().withoutAffine().withEps(BN_EPS);
        SDVariable theta = scope.param("theta", Init.zeros(), d, d, d);
        thetaName = theta.name();
        SDVariable sig = sd.nn().sigmoid(theta);
        SDVariable scaleMu = sd.math().sqrt(sig.mul(1 - tau).add(tau));
        SDVariable scaleSigma = sd.math().sqrt(sig.rsub(1.0).mul(1 - tau)); // sigmoid(−θ) = 1 − sigmoid(θ)
        SDVariable muRaw = new Linear(scope.child("mu"), hDim, d, false).apply(h).rename(scope.name("mu_raw"));
        SDVariable sigmaRaw = new Linear(scope.child("sigma"), hDim, d, false).apply(h).rename(scope.name("sigma_raw"));
        SDVariable mu = new BatchNorm(scope.child("mu_bn"), d, bn).apply(muRaw)
                .mul(scaleMu).rename(scope.name("mu_out"));
        SDVariable sigma = new BatchNorm(scope.child("sigma_bn"), d, bn).apply(sigmaRaw)
                .mul(scaleSigma).rename(scope.name("sigma_out"));
        SDVariable var = sd.math().max(sigma.mul(sigma), sd.constant(org.nd4j.linalg.factory.Nd4j.scalar(h.dataType(), SIGMA_SQ_FLOOR)));
        SDVariable logvar = sd.math().log(var).rename(scope.name("logvar_out"));
        SDVariable eps = sd.placeHolder(scope.name("eps"), h.dataType(), -1, d);
        register(mu, logvar, eps);
        SDVariable z = mu.add(sigma.mul(eps));
        SDVariable klDim = mu.mul(mu).add(var).sub(logvar).sub(1.0).mul(0.5);
        return new Heads(z, klDim.sum(1), klDim, null);
    }







    @Override
    public String describe() {
        return "Su BN-VAE posterior, d=" + d + ", BN on mu and sigma, tau " + tau + ", shared theta";
    }
}
