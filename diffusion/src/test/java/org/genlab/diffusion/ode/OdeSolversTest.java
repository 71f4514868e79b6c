package org.genlab.diffusion.ode;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * dx/dt = −t·x from t = 1 back to 0 has x(0) = x(1)·e^{1/2}. Halving the step must divide the global error by about
 * 2 (Euler), 4 (Heun) and 16 (RK4); RK45 must meet its tolerance.
 */
class OdeSolversTest {
    private static final VectorField F = (x, t) -> x.mul(-t);
    private static final INDArray X1 = Nd4j.create(new double[][]{{1.0, -2.0}});
    private static final double EXACT = Math.exp(0.5);

    private static double error(BiFunction<INDArray, double[], OdeSolution> solver, int steps) {
        OdeSolution s = solver.apply(X1, FixedStepSolvers.grid(1.0, 0.0, steps));
        return Math.abs(s.x().getDouble(0, 0) - EXACT);
    }

    @Test
    void convergenceOrders() {
        assertOrder((x, ts) -> FixedStepSolvers.euler(F, x, ts), 1);
        assertOrder((x, ts) -> FixedStepSolvers.heun(F, x, ts), 2);
        assertOrder((x, ts) -> FixedStepSolvers.rk4(F, x, ts), 4);
    }

    private static void assertOrder(BiFunction<INDArray, double[], OdeSolution> solver, int order) {
        double ratio = error(solver, 40) / error(solver, 80);
        assertEquals(Math.pow(2, order), ratio, 0.1 * Math.pow(2, order), "order " + order);
    }

    @Test
    void nfeCounts() {
        double[] ts = FixedStepSolvers.grid(1, 0, 10);
        assertEquals(11, ts.length);
        assertEquals(0.0, ts[10]);
        assertEquals(10, FixedStepSolvers.euler(F, X1, ts).nfe());
        assertEquals(20, FixedStepSolvers.heun(F, X1, ts).nfe());
        assertEquals(40, FixedStepSolvers.rk4(F, X1, ts).nfe());
    }

    @Test
    void rk45MeetsTolerance() {
        OdeSolution s = Rk45.solve(F, X1, 1.0, 0.0, 1e-8, 1e-8);
        assertEquals(EXACT, s.x().getDouble(0, 0), 1e-7);
        assertEquals(-2 * EXACT, s.x().getDouble(0, 1), 2e-7);
        OdeSolution fwd = Rk45.solve(F, s.x(), 0.0, 1.0, 1e-8, 1e-8);
        assertEquals(1.0, fwd.x().getDouble(0, 0), 1e-7);
    }

    @Test
    void nonFiniteFieldIsReported() {
        VectorField bad = (x, t) -> x.mul(Double.POSITIVE_INFINITY); // (ND4J's x.mul(NaN) does not give NaN)
        assertThrows(IllegalStateException.class, () -> Rk45.solve(bad, X1, 1.0, 0.0, 1e-5, 1e-5));
    }
}
