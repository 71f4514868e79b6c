package org.genlab.diffusion.score;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A time-dependent score s(x,t) ≈ ∇ₓ log p_t(x) on batches x of shape [n, dims...] with t of shape [n] (or one value
 * for the whole batch). {@link org.genlab.diffusion.nn.NetworkScore} is the trained network;
 * {@link AnalyticGaussianScore} is the exact score of Gaussian data used by the oracle tests (MATH.md §9.3).
 */
public interface ScoreFn {
    /** s(x,t), same shape as x. */
    INDArray score(INDArray x, INDArray t);

    /**
     * The vector–Jacobian product vᵀ ∂s/∂x for each sample (same shape as x): what the Hutchinson estimator and the
     * exact trace of the likelihood ODE need (MATH.md §4.6). A network computes it by backpropagating v.
     */
    INDArray vjp(INDArray x, INDArray t, INDArray v);

    /** Score and vjp at the same point; a network computes both in one forward–backward pass. */
    default ScoreAndVjp scoreAndVjp(INDArray x, INDArray t, INDArray v) {
        return new ScoreAndVjp(score(x, t), vjp(x, t, v));
    }

    /** Number of network evaluations so far: each {@link #score} and each {@link #vjp} call counts one. */
    long evaluations();

    /** s(x,t) and vᵀ∂s/∂x. */
    record ScoreAndVjp(INDArray score, INDArray vjp) {
    }
}
