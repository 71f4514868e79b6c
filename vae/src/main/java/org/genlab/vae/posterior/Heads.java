package org.genlab.vae.posterior;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What a posterior head adds to a graph.
 *
 * @param z            the latent sample [b, zDim] that the decoder reads (reparameterised: differentiable in the
 *                     encoder's outputs)
 * @param kl           per-example KL(q(z|x) ‖ p(z)) [b]: its value is the exact KL and its gradient the exact
 *                     gradient (for learned κ through a surrogate, since the graph has no Bessel functions)
 * @param klPerDim     [b, d] per-dimension KL terms (Gaussian posteriors), or null where the KL does not split
 * @param logProposal  log π(ε|θ) [b], the density of the accepted rejection-sampler noise, for the correction term
 *                     g_cor of Naesseth et al. (MATH.md §3.3); null where z is a plain reparameterisation
 */
public record Heads(SDVariable z, SDVariable kl, SDVariable klPerDim, SDVariable logProposal) {
    /**
     * The score-function surrogate sg(ℓ)·(log π − sg(log π)) for a per-example loss ℓ [b] that depends on z: its value
     * is 0 and its gradient is ℓ·∇log π, so adding it to the loss adds g_cor to the gradient. Null when there is
     * no rejection step (then the pathwise gradient alone is unbiased).
     */
    public SDVariable scoreCorrection(SDVariable perExampleLoss) {
        return scoreCorrection(perExampleLoss, false);
    }

    /**
     * As {@link #scoreCorrection(SDVariable)}, optionally with a leave-one-out baseline: ℓ_i is replaced by
     * ℓ_i − mean_{j≠i} ℓ_j. The other examples' losses do not depend on example i's noise and E[∇log π_i] = 0, so the
     * estimator stays unbiased, while the common offset of the losses (~100 nats for images) no longer multiplies
     * the score, which cuts its variance. With a batch of one the baseline is 0.
     */
    public SDVariable scoreCorrection(SDVariable perExampleLoss, boolean leaveOneOut) {
        if (logProposal == null) return null;
        SDVariable weight = Graphs.stop(perExampleLoss);
        if (leaveOneOut) {
            var sd = weight.getSameDiff();
            SDVariable count = weight.mul(0.0).add(1.0).sum();
            SDVariable others = sd.math().max(count.sub(1.0), sd.constant(org.nd4j.linalg.factory.Nd4j.scalar(weight.dataType(), 1.0)));
            SDVariable baseline = weight.sum().sub(weight).div(others);
            weight = weight.sub(baseline);
        }
        return weight.mul(Graphs.zeroValued(logProposal));
    }
}
