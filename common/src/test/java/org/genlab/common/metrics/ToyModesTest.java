package org.genlab.common.metrics;

import org.genlab.common.data.Toy2d;
import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mode coverage on true, collapsed and blurred samples; the Gaussian-fit NLL against the normal entropy. */
class ToyModesTest {
    private static final double[][] C = Toy2d.gaussians8Centres();
    private static final double S = Toy2d.gaussians8Std();

    @Test
    void trueSamplesCoverAllModes() {
        double[][] p = ToyModes.rows(Toy2d.of(Toy2d.GAUSSIANS_8).sample(new Rng(1), 20000), 2);
        ToyModes.Coverage c = ToyModes.coverage(p, C, S);
        assertEquals(8, c.modesHit());
        // P(‖z‖ ≤ 3) for a standard 2-D normal is 1 − e^{−4.5} = 0.9889
        assertEquals(1 - Math.exp(-4.5), c.hqShare(), 0.003);
        for (double share : c.shares()) assertEquals(c.hqShare() / 8, share, 0.01);
    }

    @Test
    void collapsedAndBlurredSamplesAreDetected() {
        double[][] one = new double[1000][];
        for (int i = 0; i < one.length; i++) one[i] = C[3].clone();
        assertEquals(1, ToyModes.coverage(one, C, S).modesHit());
        // extra noise of std 2σ per coordinate: P(‖·‖ ≤ 3σ) = 1 − e^{−9/10}, still well above a quarter share per mode
        ToyModes.Coverage mild = ToyModes.coverage(blurred(2, 2), C, S);
        assertEquals(8, mild.modesHit());
        assertEquals(1 - Math.exp(-0.9), mild.hqShare(), 0.015);
        // extra noise of std 10σ: P = 1 − e^{−9/202} ≈ 4 %, so no mode keeps a quarter of its share inside 3σ
        ToyModes.Coverage wide = ToyModes.coverage(blurred(10, 4), C, S);
        assertEquals(0, wide.modesHit());
        assertEquals(1 - Math.exp(-9.0 / 202), wide.hqShare(), 0.01);
    }

    private static double[][] blurred(double extra, long seed) {
        Rng rng = new Rng(seed);
        double[][] p = ToyModes.rows(Toy2d.of(Toy2d.GAUSSIANS_8).sample(rng, 5000), 2);
        for (double[] q : p) {
            q[0] += extra * S * rng.nextGaussian();
            q[1] += extra * S * rng.nextGaussian();
        }
        return p;
    }

    /** The GAN convention: a fixed radius, a mode covered by a single near sample. */
    @Test
    void radiusRuleCountsAnyNearSample() {
        double[][] p = {C[0].clone(), C[0].clone(), {C[5][0] + 0.5 * S, C[5][1]}, {100, 100}};
        ToyModes.Coverage c = ToyModes.coverage(p, C, S, 0);
        assertEquals(2, c.modesHit());
        assertEquals(8, c.modes());
        assertEquals(0.75, c.hqShare(), 1e-12);
        assertEquals(1, ToyModes.coverage(p, C, 0.1 * S, 0).modesHit());
    }

    /** True samples score the mixture's entropy; for well-separated modes ≈ log K + log(2πeσ²). */
    @Test
    void mixtureNllOfTrueSamplesIsTheEntropy() {
        double[][] p = ToyModes.rows(Toy2d.of(Toy2d.GAUSSIANS_8).sample(new Rng(2), 20000), 2);
        double expect = Math.log(8) + Math.log(2 * Math.PI * Math.E * S * S);
        assertEquals(expect, ToyModes.mixtureNll(p, C, S), 0.03);
        assertTrue(ToyModes.mixtureNll(blurred(2, 5), C, S) > expect + 1);
    }

    @Test
    void gaussianNllOfNormalDataIsItsEntropy() {
        Rng rng = new Rng(3);
        double[][] p = new double[100000][2];
        for (double[] q : p) {
            q[0] = 1 + 2 * rng.nextGaussian();
            q[1] = -1 + 0.5 * rng.nextGaussian();
        }
        // entropy of N(μ, diag(4, 0.25)) = log(2πe) + ½ log(4·0.25)
        assertEquals(Math.log(2 * Math.PI * Math.E), ToyModes.gaussianNll(p), 0.01);
    }
}
