package org.genlab.diffusion.sde;

import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;
import org.genlab.diffusion.score.ScoreFn;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A forward SDE dx = f(x,t) dt + g(t) dw on t ∈ [0, T] in the form of MATH.md §4.1–4.2: the drift is linear,
 * f(x,t) = f_t·x, and the perturbation kernel is p(x_t|x_0) = N(m_t x_0, σ_t² I). Subclasses give the scalar
 * functions f_t, g(t), m_t, σ_t and the prior's std; this class turns them into the batched operations the samplers,
 * the likelihood and the loss use (arrays [n, dims...], time a [n] vector or one value for the whole batch), as
 * score_sde's {@code SDE} object does. N is the number of discretisation steps used by {@link #discretize}.
 */
public abstract class Sde {
    private final int n;

    protected Sde(int n) {
        if (n < 2) throw new UsageException("the number of SDE discretisation steps N must be at least 2, got " + n);
        this.n = n;
    }

    /** Short name: "ve", "vp", "subvp", "kernel". */
    public abstract String name();

    /** End time T (1 for all SDEs of §4.1). */
    public double T() {
        return 1.0;
    }

    /** Number of discretisation steps. */
    public final int N() {
        return n;
    }

    /** The same SDE with another number of discretisation steps (samplers use it so that their step count and the discretisation agree). */
    public abstract Sde withN(int n);

    /** f_t in f(x,t) = f_t·x. */
    public abstract double driftRate(double t);

    /** g(t). */
    public abstract double diffusion(double t);

    /** m_t: the kernel mean is m_t·x_0. */
    public abstract double meanScale(double t);

    /** σ_t: the kernel std. */
    public abstract double std(double t);

    /** Standard deviation of the prior N(0, σ_T² I) the reverse process starts from. */
    public abstract double priorStd();

    /** Smallest time ε_s the samplers integrate to (MATH.md §4.5: 1e-3 for VP and sub-VP, 1e-5 for VE). */
    public double samplingEps() {
        return 1e-3;
    }

    // ---- batched operations ----

    /** f(x,t) = f_t·x. */
    public INDArray drift(INDArray x, INDArray t) {
        return PerSample.scale(x, PerSample.map(PerSample.times(t, PerSample.batch(x)), this::driftRate));
    }

    /** vᵀ ∂f/∂x for the linear drift: f_t·v. */
    public INDArray driftVjp(INDArray x, INDArray t, INDArray v) {
        return PerSample.scale(v, PerSample.map(PerSample.times(t, PerSample.batch(v)), this::driftRate));
    }

    /** g(t) per sample, shape [len(t)]. */
    public INDArray diffusion(INDArray t) {
        double[] tv = PerSample.toDoubles(t);
        return PerSample.vector(PerSample.map(tv, this::diffusion), floating(t));
    }

    /** Mean of p(x_t|x_0): m_t·x_0. */
    public INDArray marginalMean(INDArray x0, INDArray t) {
        return PerSample.scale(x0, PerSample.map(PerSample.times(t, PerSample.batch(x0)), this::meanScale));
    }

    /** Std of p(x_t|x_0), one per sample ([n]); it does not depend on x_0. */
    public INDArray marginalStd(INDArray x0, INDArray t) {
        return PerSample.vector(PerSample.map(PerSample.times(t, PerSample.batch(x0)), this::std), x0.dataType());
    }

    /** A draw from the prior N(0, σ_T² I) of the given shape [n, dims...], in ND4J's default floating-point type. */
    public INDArray priorSample(long[] shape, Rng rng) {
        return priorSample(shape, rng, Nd4j.defaultFloatingPointType());
    }

    /** A draw from the prior N(0, σ_T² I) of the given shape [n, dims...]. */
    public INDArray priorSample(long[] shape, Rng rng, DataType dtype) {
        return rng.gaussian(dtype, shape).muli(priorStd());
    }

    /** Per-sample log density of the prior: −(D/2) log(2πσ²) − ‖z‖²/(2σ²) (MATH.md §4.1). */
    public INDArray priorLogp(INDArray z) {
        double s2 = priorStd() * priorStd();
        long d = PerSample.dims(z);
        INDArray sq = PerSample.sum(z.castTo(DataType.DOUBLE).mul(z.castTo(DataType.DOUBLE)));
        return sq.muli(-0.5 / s2).subi(0.5 * d * Math.log(2 * Math.PI * s2));
    }

    /** Index of the discrete step that time t falls in: floor(t(N−1)/T), as in score_sde. */
    public int timestepIndex(double t) {
        int i = (int) Math.floor(t * (n - 1) / T());
        return Math.max(0, Math.min(n - 1, i));
    }

    /**
     * One discrete step x_{i+1} = x_i + f_i + G_i z. The default is Euler–Maruyama with Δt = T/N:
     * f_i = f(x,t)·Δt, G_i = g(t)·√Δt (MATH.md §4.1); VE and VP override it with the SMLD and DDPM schemes.
     */
    public Discretization discretize(INDArray x, INDArray t) {
        double dt = T() / n;
        double[] tv = PerSample.times(t, PerSample.batch(x));
        INDArray f = PerSample.scale(x, PerSample.map(tv, s -> driftRate(s) * dt));
        INDArray g = PerSample.vector(PerSample.map(tv, s -> diffusion(s) * Math.sqrt(dt)), x.dataType());
        return new Discretization(f, g);
    }

    /** {@link #discretize(INDArray, INDArray)} of this SDE with N discretisation steps. */
    public Discretization discretize(INDArray x, INDArray t, int n) {
        return (n == this.n ? this : withN(n)).discretize(x, t);
    }

    /** The reverse-time SDE (or, with probabilityFlow, the probability-flow ODE) driven by a score. */
    public ReverseSde reverse(ScoreFn score, boolean probabilityFlow) {
        return new ReverseSde(this, score, probabilityFlow);
    }

    private static DataType floating(INDArray t) {
        return t.dataType().isFPType() ? t.dataType() : DataType.DOUBLE;
    }

    @Override
    public String toString() {
        return name() + "(N=" + n + ")";
    }
}
