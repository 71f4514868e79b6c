package org.genlab.vae.vmf;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Beta(a, a) draws: mean 1/2 and variance 1/(4(2a+1)), the shapes Wood's sampler uses (a = (m−1)/2). */
class BetaSamplerTest {
    @Test
    void symmetricBetaMomentsMatch() {
        Rng rng = new Rng(11);
        for (double a : new double[]{0.5, 1.0, 1.5, 4.5, 24.5}) {
            MomentCheck mean = new MomentCheck(), var = new MomentCheck();
            for (int i = 0; i < 40_000; i++) {
                double x = BetaSampler.beta(rng, a, a);
                assertTrue(x > 0 && x < 1, "Beta draw outside (0,1): " + x);
                mean.add(x);
                var.add((x - 0.5) * (x - 0.5));
            }
            mean.assertMean(0.5, 4.5, "Beta(" + a + ") mean");
            var.assertMean(1 / (4 * (2 * a + 1)), 4.5, "Beta(" + a + ") variance");
        }
    }
}
