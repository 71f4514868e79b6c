package org.genlab.diffusion.ode;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fixed-step explicit ODE solvers as pure functions over a time grid (k-diffusion style): the grid may run
 * backwards (T → ε for sampling) or forwards (ε → T for encoding). NFE: Euler 1, Heun 2, RK4 4 per step.
 */
public final class FixedStepSolvers {
    private FixedStepSolvers() {
    }

    /** n + 1 equally spaced times from {@code from} to {@code to} inclusive (n steps). */
    public static double[] grid(double from, double to, int steps) {
        if (steps < 1) throw new IllegalArgumentException("need at least one step, got " + steps);
        double[] ts = new double[steps + 1];
        for (int i = 0; i <= steps; i++) ts[i] = from + i * (to - from) / steps;
        ts[steps] = to;
        return ts;
    }

    /** x_{k+1} = x_k + h F(x_k, t_k). */
    public static OdeSolution euler(VectorField f, INDArray x, double[] ts) {
        INDArray cur = x.dup();
        for (int k = 0; k + 1 < ts.length; k++) {
            double h = ts[k + 1] - ts[k];
            cur.addi(f.apply(cur, ts[k]).muli(h));
        }
        return new OdeSolution(cur, ts.length - 1);
    }

    /** Heun (explicit trapezoid): predictor Euler step, corrector with the mean of both slopes. */
    public static OdeSolution heun(VectorField f, INDArray x, double[] ts) {
        INDArray cur = x.dup();
        for (int k = 0; k + 1 < ts.length; k++) {
            double h = ts[k + 1] - ts[k];
            INDArray k1 = f.apply(cur, ts[k]);
            INDArray k2 = f.apply(cur.add(k1.mul(h)), ts[k + 1]);
            cur.addi(k1.addi(k2).muli(0.5 * h));
        }
        return new OdeSolution(cur, 2L * (ts.length - 1));
    }

    /** Classical fourth-order Runge–Kutta. */
    public static OdeSolution rk4(VectorField f, INDArray x, double[] ts) {
        INDArray cur = x.dup();
        for (int k = 0; k + 1 < ts.length; k++) {
            double t = ts[k];
            double h = ts[k + 1] - t;
            INDArray k1 = f.apply(cur, t);
            INDArray k2 = f.apply(cur.add(k1.mul(0.5 * h)), t + 0.5 * h);
            INDArray k3 = f.apply(cur.add(k2.mul(0.5 * h)), t + 0.5 * h);
            INDArray k4 = f.apply(cur.add(k3.mul(h)), t + h);
            cur.addi(k1.addi(k2.muli(2)).addi(k3.muli(2)).addi(k4).muli(h / 6));
        }
        return new OdeSolution(cur, 4L * (ts.length - 1));
    }
}
