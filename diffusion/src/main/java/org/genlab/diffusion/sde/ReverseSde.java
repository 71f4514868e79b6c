package org.genlab.diffusion.sde;

import org.genlab.common.backend.HostArrays;
import org.genlab.diffusion.score.ScoreFn;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reverse-time process of a forward {@link Sde} driven by a score s(x,t) ≈ ∇ log p_t(x), as score_sde's RSDE:
 * drift f(x,t) − c·g(t)² s(x,t) with c = 1 for the reverse SDE and c = ½ for the probability-flow ODE, whose
 * diffusion is 0 (MATH.md §4.3). Every sampler and the likelihood call {@link #drift} (and its vector–Jacobian
 * product), so they all integrate the same vector field.
 */
public final class ReverseSde {
    private final Sde sde;
    private final ScoreFn score;
    private final boolean probabilityFlow;
    private final double c;

    ReverseSde(Sde sde, ScoreFn score, boolean probabilityFlow) {
        this.sde = sde;
        this.score = score;
        this.probabilityFlow = probabilityFlow;
        this.c = probabilityFlow ? 0.5 : 1.0;
    }

    public Sde forward() {
        return sde;
    }

    public ScoreFn score() {
        return score;
    }

    public boolean probabilityFlow() {
        return probabilityFlow;
    }

    /** f(x,t) − c·g(t)²·s(x,t): one score evaluation. */
    public INDArray drift(INDArray x, INDArray t) {
        INDArray s = score.score(x, t);
        double[] tv = PerSample.times(t, PerSample.batch(x));
        double[] g2 = PerSample.map(tv, u -> c * sq(sde.diffusion(u)));
        return sde.drift(x, t).subi(PerSample.scale(s, g2));
    }

    /**
     * {@link #drift} for a batch of shape {@code shape} held flat in double, at one time t for the whole batch,
     * into {@code dy}: the network reads y rounded to {@code dtype}, and f_t·y − c·g(t)²·s is formed in double in
     * one pass, without the per-sample arrays and ND4J operations of the batched form (the ODE solvers' hot path).
     */
    public void drift(double[] y, double t, long[] shape, DataType dtype, double[] dy) {
        INDArray s = score.score(HostArrays.of(y, dtype, shape), PerSample.fill(t, (int) shape[0], dtype));
        HostArrays.copyTo(s, dy);
        double f = sde.driftRate(t), k = c * sq(sde.diffusion(t));
        for (int i = 0; i < dy.length; i++) dy[i] = f * y[i] - k * dy[i];
    }

    /** vᵀ ∂(drift)/∂x = f_t·v − c·g²·vᵀ∂s/∂x: the term whose trace is the divergence in the likelihood (§4.6). */
    public INDArray driftVjp(INDArray x, INDArray t, INDArray v) {
        INDArray sv = score.vjp(x, t, v);
        double[] tv = PerSample.times(t, PerSample.batch(x));
        double[] g2 = PerSample.map(tv, u -> c * sq(sde.diffusion(u)));
        return sde.driftVjp(x, t, v).subi(PerSample.scale(sv, g2));
    }

    /** {@link #drift} and {@link #driftVjp} at the same point, from one {@link ScoreFn#scoreAndVjp} call. */
    public INDArray[] driftAndVjp(INDArray x, INDArray t, INDArray v) {
        ScoreFn.ScoreAndVjp sv = score.scoreAndVjp(x, t, v);
        double[] tv = PerSample.times(t, PerSample.batch(x));
        double[] g2 = PerSample.map(tv, u -> c * sq(sde.diffusion(u)));
        INDArray drift = sde.drift(x, t).subi(PerSample.scale(sv.score(), g2));
        INDArray vjp = sde.driftVjp(x, t, v).subi(PerSample.scale(sv.vjp(), g2));
        return new INDArray[]{drift, vjp};
    }

    /** g(t), or 0 for the probability-flow ODE; shape [len(t)]. */
    public INDArray diffusion(INDArray t) {
        INDArray g = sde.diffusion(t);
        return probabilityFlow ? g.muli(0.0) : g;
    }

    /** Discrete reverse step: (f_i − c·G_i²·s, G_i or 0), from the forward discretisation (§4.3, RSDE.discretize). */
    public Discretization discretize(INDArray x, INDArray t) {
        Discretization fwd = sde.discretize(x, t);
        INDArray s = score.score(x, t);
        double[] gi = PerSample.toDoubles(fwd.g());
        double[] g2 = new double[gi.length];
        for (int i = 0; i < gi.length; i++) g2[i] = c * gi[i] * gi[i];
        INDArray f = fwd.f().subi(PerSample.scale(s, g2));
        INDArray g = probabilityFlow ? fwd.g().mul(0.0) : fwd.g();
        return new Discretization(f, g);
    }

    private static double sq(double v) {
        return v * v;
    }
}
