package org.genlab.gan.model;

import org.genlab.common.model.EvalRequest;
import org.genlab.gan.testing.Wgans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short real training run: WGAN-GP on toy:8gaussians (gan_toy.py's settings, but width 64 instead of 512, batch
 * 128 instead of 256 and Adam lr 5e-4 instead of 1e-4, to see progress within 200 steps of test time). The exact minibatch W₁ between generated and held-out real points, averaged
 * over 5 batches, must fall clearly below its value at initialisation.
 */
class WganTrainingTest {
    @TempDir
    Path dir;

    @Test
    void wganGpMovesTheGeneratorTowardsTheEightGaussians() {
        WganModel m = Wgans.create("wgan-gp", "toy:8gaussians", dir, "gan.dim", "64", "batch", "128", "gan.w1_every", "50",
                "train.lr", "5e-4");
        EvalRequest req = new EvalRequest(List.of(), Integer.MAX_VALUE, Map.of("batches", "5"), 7);
        double before = m.evaluate(req).get("w1_exact");
        long t0 = System.nanoTime();
        Map<String, Double> last = null;
        for (int s = 0; s < 200; s++) last = m.trainStep(s);
        double sec = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> after = m.evaluate(req);
        System.out.printf("wgan-gp toy 200 steps in %.1f s: held-out W1 %.3f -> %.3f (real-real floor %.3f), critic "
                + "estimate %.3f, last step %s%n", sec, before, after.get("w1_exact"), after.get("w1_real_real"),
                after.get("w1_critic"), last);
        assertTrue(after.get("w1_exact") < 0.7 * before, "W1 " + before + " -> " + after.get("w1_exact"));
        assertTrue(after.get("w1_exact") > after.get("w1_real_real"), "cannot beat two real batches");
    }
}
