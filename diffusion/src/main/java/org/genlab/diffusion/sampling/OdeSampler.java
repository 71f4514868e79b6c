package org.genlab.diffusion.sampling;

import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;
import org.genlab.diffusion.ode.FixedStepSolvers;
import org.genlab.diffusion.ode.OdeSolution;
import org.genlab.diffusion.ode.Rk45;
import org.genlab.diffusion.ode.VectorField;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.Discretization;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.ReverseSde;
import org.genlab.diffusion.sde.Sde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Probability-flow ODE sampler (MATH.md §4.3, §4.5): dx/dt = f − ½g²s, solved from T down to ε_s
 * ({@link #decode}) or from ε_s up to T ({@link #encode}, data → latent), with fixed-step Euler, Heun or RK4 on
 * N uniform steps, or adaptive RK45 (Dormand–Prince, rtol = atol = 1e-5 by default as in score_sde). The vector field
 * is {@link ReverseSde#drift} of the probability flow, shared with the likelihood. Optionally finishes with one
 * noise-free reverse-diffusion step at ε_s ("denoise", off by default as in score_sde).
 */
public final class OdeSampler {
    /** Integration method. */
    public enum Method { EULER, HEUN, RK4, RK45 }

    private final Sde sde;
    private final ScoreFn score;
    private final ReverseSde flow;
    private final Method method;
    private final int steps;
    private final double rtol;
    private final double atol;
    private final double eps;
    private final boolean denoise;

    private OdeSampler(Builder b) {
        this.sde = b.sde;
        this.score = b.score;
        this.flow = sde.reverse(score, true);
        this.method = b.method;
        this.steps = b.steps;
        this.rtol = b.rtol;
        this.atol = b.atol;
        this.eps = Double.isNaN(b.eps) ? sde.samplingEps() : b.eps;
        this.denoise = b.denoise;
        if (!(eps > 0 && eps < sde.T())) throw new UsageException("ODE sampler eps must lie in (0, T=" + sde.T() + "), got " + eps);
        if (steps < 1) throw new UsageException("ODE sampler steps must be at least 1, got " + steps);
        if (!(rtol > 0) || !(atol > 0)) throw new UsageException("ODE tolerances must be positive, got rtol=" + rtol + ", atol=" + atol);
    }

    public static Builder builder(Sde sde, ScoreFn score) {
        return new Builder(sde, score);
    }

    /** Settings: RK45 with rtol = atol = 1e-5, N = sde.N for the fixed-step methods, ε_s per SDE, no denoising. */
    public static final class Builder {
        private final Sde sde;
        private final ScoreFn score;
        private Method method = Method.RK45;
        private int steps;
        private double rtol = 1e-5;
        private double atol = 1e-5;
        private double eps = Double.NaN;
        private boolean denoise = false;

        private Builder(Sde sde, ScoreFn score) {
            this.sde = sde;
            this.score = score;
            this.steps = sde.N();
        }

        public Builder method(Method m) {
            this.method = m;
            return this;
        }

        /** Parses "euler", "heun", "rk4" or "rk45". */
        public Builder method(String name) {
            try {
                this.method = Method.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown ODE method '" + name + "'; choose one of euler, heun, rk4, rk45");
            }
            return this;
        }

        /** Number of steps of the fixed-step methods. */
        public Builder steps(int n) {
            this.steps = n;
            return this;
        }

        public Builder rtol(double rtol) {
            this.rtol = rtol;
            return this;
        }

        public Builder atol(double atol) {
            this.atol = atol;
            return this;
        }

        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        public Builder denoise(boolean denoise) {
            this.denoise = denoise;
            return this;
        }

        public OdeSampler build() {
            return new OdeSampler(this);
        }
    }

    /** Prior sample of shape [n, dims...] decoded to data. */
    public SampleResult sample(long[] shape, Rng rng, DataType dtype) {
        OdeSolution s = decode(sde.priorSample(shape, rng, dtype));
        return new SampleResult(s.x(), s.nfe());
    }

    /** Latent z = x(T) → data x(ε_s). */
    public OdeSolution decode(INDArray z) {
        OdeSolution s = solve(z, sde.T(), eps);
        if (!denoise) return s;
        // score_sde's denoise: one reverse-diffusion step of the reverse SDE without its noise
        INDArray t = PerSample.fill(eps, PerSample.batch(z), z.dataType());
        Discretization d = sde.reverse(score, false).discretize(s.x(), t);
        return new OdeSolution(s.x().sub(d.f()), s.nfe() + 1);
    }

    /** Data x(ε_s) → latent z = x(T). */
    public OdeSolution encode(INDArray x) {
        return solve(x, eps, sde.T());
    }

    private OdeSolution solve(INDArray x, double from, double to) {
        int n = PerSample.batch(x);
        VectorField f = (y, t) -> flow.drift(y, PerSample.fill(t, n, y.dataType()));
        return switch (method) {
            case EULER -> FixedStepSolvers.euler(f, x, FixedStepSolvers.grid(from, to, steps));
            case HEUN -> FixedStepSolvers.heun(f, x, FixedStepSolvers.grid(from, to, steps));
            case RK4 -> FixedStepSolvers.rk4(f, x, FixedStepSolvers.grid(from, to, steps));
            case RK45 -> {
                // The adaptive solver works on a flat double state anyway: the drift goes to it in that form.
                long[] shape = x.shape();
                DataType dtype = x.dataType();
                yield Rk45.solve((t, y, dy) -> flow.drift(y, t, shape, dtype, dy), x, from, to, rtol, atol);
            }
        };
    }
}
