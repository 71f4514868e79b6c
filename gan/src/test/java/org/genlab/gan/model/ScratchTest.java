package org.genlab.gan.model;

import org.genlab.gan.testing.Wgans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class ScratchTest {
    @TempDir
    Path dir;

    @Test
    void scratch() {
        for (String model : new String[]{"wgan-gp", "wgan-ct"}) {
            for (String dim : new String[]{"128", "512"}) {
            WganModel m = Wgans.create(model, "toy:8gaussians", dir, "gan.dim", dim, "batch", "256", "gan.w1_every", "20");
            for (int s = 0; s < 5; s++) m.trainStep(s);
            long t0 = System.nanoTime();
            for (int s = 5; s < 25; s++) m.trainStep(s);
            System.out.printf("%s dim %s: %.1f ms/step%n", model, dim, (System.nanoTime() - t0) / 1e6 / 20);
            }
        }
    }
}
