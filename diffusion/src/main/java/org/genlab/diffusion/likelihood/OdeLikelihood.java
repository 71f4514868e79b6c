package org.genlab.diffusion.likelihood;

import org.genlab.common.UsageException;
import org.genlab.common.backend.HostArrays;
import org.genlab.common.random.Rng;
import org.genlab.diffusion.ode.Rk45;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.ReverseSde;
import org.genlab.diffusion.sde.Sde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact likelihood through the probability-flow ODE (MATH.md §4.6, score_sde's {@code likelihood.py}): integrate the
 * state [x, Δlogp] with dx/dt = f̃(x,t) = f − ½g²s and dΔlogp/dt = ∇·f̃ from ε_l = 1e-5 to T with RK45 (the whole
 * batch flattened into one state), then log p₀(x) = log p_T(x(T)) + Δlogp(T). The drift is the same
 * {@link ReverseSde#drift} the samplers use.
 */
public final class OdeLikelihood {
    private final Sde sde;
    private final ReverseSde flow;
    private final double rtol;
    private final double atol;
    private final double eps;
    private final DivergenceMethod divergence;

    private OdeLikelihood(Builder b) {
        this.sde = b.sde;
        this.flow = sde.reverse(b.score, true);
        this.rtol = b.rtol;
        this.atol = b.atol;
        this.eps = b.eps;
        this.divergence = b.divergence;
        if (!(rtol > 0) || !(atol > 0)) throw new UsageException("likelihood ODE tolerances must be positive, got rtol=" + rtol + ", atol=" + atol);
        if (!(eps > 0 && eps < sde.T())) throw new UsageException("likelihood eps must lie in (0, T=" + sde.T() + "), got " + eps);
    }

    public static Builder builder(Sde sde, ScoreFn score) {
        return new Builder(sde, score);
    }

    /** score_sde's defaults: rtol = atol = 1e-5, ε_l = 1e-5, Hutchinson with Rademacher noise. */
    public static final class Builder {
        private final Sde sde;
        private final ScoreFn score;
        private double rtol = 1e-5;
        private double atol = 1e-5;
        private double eps = 1e-5;
        private DivergenceMethod divergence = DivergenceMethod.HUTCHINSON_RADEMACHER;

        private Builder(Sde sde, ScoreFn score) {
            this.sde = sde;
            this.score = score;
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

        public Builder divergence(DivergenceMethod m) {
            this.divergence = m;
            return this;
        }

        public OdeLikelihood build() {
            return new OdeLikelihood(this);
        }
    }

    /**
     * log p₀ of each sample of x ([n, dims...], already dequantised and scaled as the model's data). The rng draws
     * the Hutchinson noise (once per datapoint, fixed during the solve); it is unused for the exact trace.
     */
    public LikelihoodResult logLikelihood(INDArray x, Rng rng) {
        int n = PerSample.batch(x);
        long[] shape = x.shape();
        DataType dtype = x.dataType();
        int size = Math.toIntExact(x.length());
        INDArray noise = switch (divergence) {
            case EXACT -> null;
            case HUTCHINSON_RADEMACHER -> rng.rademacher(dtype, shape);
            case HUTCHINSON_GAUSSIAN -> rng.gaussian(dtype, shape);
        };
        double[] y0 = new double[size + n];
        System.arraycopy(PerSample.toDoubles(x), 0, y0, 0, size);
        Rk45.Result r = Rk45.solve((t, y, dy) -> {
            double[] flat = new double[size];
            System.arraycopy(y, 0, flat, 0, size);
            INDArray xt = HostArrays.of(flat, dtype, shape);
            INDArray vt = PerSample.fill(t, n, dtype);
            double[] drift;
            INDArray div;
            if (noise == null) {
                drift = PerSample.toDoubles(flow.drift(xt, vt));
                div = Divergence.exact(flow, xt, vt);
            } else {
                // one forward-backward pass gives the drift and εᵀ∂f̃/∂x
                INDArray[] dv = flow.driftAndVjp(xt, vt, noise);
                drift = PerSample.toDoubles(dv[0]);
                div = PerSample.sum(dv[1].castTo(DataType.DOUBLE).muli(noise.castTo(DataType.DOUBLE)));
            }
            System.arraycopy(drift, 0, dy, 0, size);
            System.arraycopy(PerSample.toDoubles(div), 0, dy, size, n);
        }, y0, eps, sde.T(), rtol, atol);
        double[] zFlat = new double[size];
        System.arraycopy(r.y(), 0, zFlat, 0, size);
        INDArray z = HostArrays.of(zFlat, DataType.DOUBLE, shape);
        double[] prior = PerSample.toDoubles(sde.priorLogp(z));
        double[] delta = new double[n];
        double[] logp = new double[n];
        for (int i = 0; i < n; i++) {
            delta[i] = r.y()[size + i];
            logp[i] = prior[i] + delta[i];
        }
        return new LikelihoodResult(logp, prior, delta, z.castTo(dtype), r.nfe());
    }
}
