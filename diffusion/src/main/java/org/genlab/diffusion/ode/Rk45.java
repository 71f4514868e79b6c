package org.genlab.diffusion.ode;

import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.exception.NumberIsTooSmallException;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;
import org.genlab.common.backend.HostArrays;
import org.genlab.diffusion.sde.PerSample;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adaptive Dormand–Prince 5(4) (commons-math3 {@link DormandPrince54Integrator}), the Java counterpart of scipy's
 * {@code solve_ivp(method='RK45')} that score_sde uses (MATH.md §1.7, §8.5). As in score_sde the whole batch is
 * flattened into one double[] state, so one adaptive step size serves the batch.
 */
public final class Rk45 {
    /** Guard against a runaway solve (a broken score can make the step size collapse). */
    public static final int MAX_EVALUATIONS = 1_000_000;

    private Rk45() {
    }

    /** dy/dt on a flat double state. */
    @FunctionalInterface
    public interface FlatOde {
        void derivative(double t, double[] y, double[] dy);
    }

    /** Final state and the number of derivative evaluations (including the two of the initial-step selection). */
    public record Result(double[] y, long nfe) {
    }

    public static Result solve(FlatOde f, double[] y0, double t0, double t1, double rtol, double atol) {
        if (!(rtol > 0) || !(atol > 0)) throw new IllegalArgumentException("rtol and atol must be positive, got " + rtol + ", " + atol);
        double span = Math.abs(t1 - t0);
        long[] count = {0};
        FlatOde checked = (t, y, dy) -> {
            count[0]++;
            f.derivative(t, y, dy);
            for (double v : dy) {
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("the ODE right-hand side is not finite at t=" + t + " (a NaN or infinite score?)");
                }
            }
        };
        DormandPrince54Integrator integrator = new DormandPrince54Integrator(1e-12 * span, span, atol, rtol);
        integrator.setMaxEvaluations(MAX_EVALUATIONS);
        integrator.setInitialStepSize(initialStep(checked, y0, t0, t1, rtol, atol));
        double[] y = y0.clone();
        FirstOrderDifferentialEquations eq = new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return y0.length;
            }

            @Override
            public void computeDerivatives(double t, double[] state, double[] dy) {
                checked.derivative(t, state, dy);
            }
        };
        try {
            integrator.integrate(eq, t0, y, t1, y);
        } catch (NumberIsTooSmallException | MaxCountExceededException e) {
            throw new IllegalStateException("RK45 failed between t=" + t0 + " and t=" + t1 + " (" + e.getMessage()
                    + "); the vector field is probably extremely stiff", e);
        }
        return new Result(y, count[0]);
    }

    /**
     * scipy's {@code select_initial_step} (Hairer, Nørsett &amp; Wanner, II.4), capped by the interval length. The
     * commons-math heuristic is not capped and can probe far outside [t0, t1] (e.g. t = −30, where β(t) &lt; 0 and the
     * VP drift is NaN). Costs two evaluations, counted in the NFE as scipy counts them.
     */
    static double initialStep(FlatOde f, double[] y0, double t0, double t1, double rtol, double atol) {
        int n = y0.length;
        double interval = Math.abs(t1 - t0);
        double dir = Math.signum(t1 - t0);
        double[] f0 = new double[n];
        f.derivative(t0, y0, f0);
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) scale[i] = atol + Math.abs(y0[i]) * rtol;
        double d0 = rms(y0, scale);
        double d1 = rms(f0, scale);
        double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.min(h0, interval);
        double[] y1 = new double[n];
        for (int i = 0; i < n; i++) y1[i] = y0[i] + h0 * dir * f0[i];
        double[] f1 = new double[n];
        f.derivative(t0 + h0 * dir, y1, f1);
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) diff[i] = f1[i] - f0[i];
        double d2 = rms(diff, scale) / h0;
        double h1 = (d1 <= 1e-15 && d2 <= 1e-15) ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1.0 / 5);
        return Math.min(Math.min(100 * h0, h1), interval);
    }

    private static double rms(double[] v, double[] scale) {
        double s = 0;
        for (int i = 0; i < v.length; i++) s += (v[i] / scale[i]) * (v[i] / scale[i]);
        return Math.sqrt(s / v.length);
    }

    /** Solves a field on x0's values held flat in double (x0 in C order); the result has x0's shape and dtype. */
    public static OdeSolution solve(FlatOde f, INDArray x0, double t0, double t1, double rtol, double atol) {
        Result r = solve(f, PerSample.toDoubles(x0), t0, t1, rtol, atol);
        return new OdeSolution(HostArrays.of(r.y(), x0.dataType(), x0.shape()), r.nfe());
    }

    /** Solves a batched vector field; the field is called with arrays of x0's shape and dtype. */
    public static OdeSolution solve(VectorField f, INDArray x0, double t0, double t1, double rtol, double atol) {
        long[] shape = x0.shape();
        DataType dtype = x0.dataType();
        return solve((t, y, dy) -> HostArrays.copyTo(f.apply(HostArrays.of(y, dtype, shape), t), dy), x0, t0, t1, rtol, atol);
    }
}
