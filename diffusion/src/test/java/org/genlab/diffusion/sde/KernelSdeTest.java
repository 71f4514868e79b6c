package org.genlab.diffusion.sde;

import org.genlab.common.UsageException;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KernelSdeTest {
    private static final double[] TIMES = {0.0, 1e-5, 1e-3, 0.05, 0.3, 0.5, 0.77, 0.999, 1.0};
    private static final double BMIN = 0.1;
    private static final double BMAX = 20;

    private static double alphaBar(double t) {
        return Math.exp(-0.25 * t * t * (BMAX - BMIN) - 0.5 * t * BMIN);
    }

    private static double betaBar(double t) {
        double a = alphaBar(t);
        return Math.sqrt(1 - a * a);
    }

    /** MATH.md §4.2: VP's ᾱ = exp(−½∫β), β̄ = √(1 − ᾱ²) must give f = −½β and g² = β. */
    @Test
    void vpKernelReproducesVpSdeWithNumericalDerivatives() {
        KernelSde k = KernelSde.builder(KernelSdeTest::alphaBar, KernelSdeTest::betaBar).build();
        VpSde vp = new VpSde();
        for (double t : TIMES) {
            assertEquals(vp.driftRate(t), k.driftRate(t), 1e-7 * Math.abs(vp.driftRate(t)), "f at t=" + t);
            assertEquals(vp.diffusion(t), k.diffusion(t), 1e-7 * vp.diffusion(t), "g at t=" + t);
            assertEquals(vp.meanScale(t), k.meanScale(t), 1e-15);
            assertEquals(vp.std(t), k.std(t), 1e-9 * Math.max(vp.std(t), 1e-6));
        }
    }

    @Test
    void vpKernelReproducesVpSdeWithAnalyticDerivatives() {
        DoubleUnaryOperator dA = t -> -0.5 * (BMIN + t * (BMAX - BMIN)) * alphaBar(t);
        // β̄' = −ᾱᾱ'/β̄
        DoubleUnaryOperator dB = t -> -alphaBar(t) * dA.applyAsDouble(t) / betaBar(t);
        KernelSde k = KernelSde.builder(KernelSdeTest::alphaBar, KernelSdeTest::betaBar).derivatives(dA, dB).build();
        VpSde vp = new VpSde();
        for (double t : TIMES) {
            if (t == 0) continue; // β̄' is infinite at 0 in closed form
            assertEquals(vp.driftRate(t), k.driftRate(t), 1e-12 * Math.abs(vp.driftRate(t)));
            assertEquals(vp.diffusion(t), k.diffusion(t), 1e-6 * vp.diffusion(t), "g at t=" + t); // β̄ = √(1−ᾱ²) loses digits near 0
        }
    }

    /** ᾱ ≡ 1 and β̄ = σ(t) give VE: f = 0, g² = (σ²)' = 2σ² ln(σ_max/σ_min). */
    @Test
    void constantMeanGivesVe() {
        VeSde ve = new VeSde();
        KernelSde k = KernelSde.builder(t -> 1.0, ve::sigma).samplingEps(1e-5).build();
        for (double t : TIMES) {
            assertEquals(0.0, k.driftRate(t), 1e-12);
            assertEquals(ve.diffusion(t), k.diffusion(t), 1e-7 * ve.diffusion(t));
        }
        assertEquals(50.0, k.priorStd(), 1e-12);
    }

    /** Su's DDPM approximation ᾱ = e^{−5t²}, β̄ = √(1 − ᾱ²): f = −10t, g² = 20t (by hand). */
    @Test
    void suDdpmApproximation() {
        KernelSde k = KernelSde.builder(t -> Math.exp(-5 * t * t), t -> Math.sqrt(1 - Math.exp(-10 * t * t))).build();
        for (double t : new double[]{0.01, 0.2, 0.6, 1.0}) {
            assertEquals(-10 * t, k.driftRate(t), 1e-7 * 10 * t);
            assertEquals(Math.sqrt(20 * t), k.diffusion(t), 1e-6 * Math.sqrt(20 * t));
        }
    }

    @Test
    void shrinkingNoiseToSignalRatioIsRejected() {
        KernelSde k = KernelSde.builder(t -> 1.0, t -> 1.0 - 0.5 * t).priorStd(1.0).build();
        assertThrows(UsageException.class, () -> k.diffusion(0.5));
    }
}
