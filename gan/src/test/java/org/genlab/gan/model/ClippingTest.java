package org.genlab.gan.model;

import org.genlab.common.nn.ModelGraph;
import org.genlab.gan.testing.Wgans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** WGAN weight clipping (MATH.md §5.1, §8.7): after every critic step every critic weight lies in [−c, c]. */
class ClippingTest {
    @TempDir
    Path dir;

    @Test
    void everyCriticWeightStaysInTheClipBoxAfterEveryStep() {
        double c = 0.01;
        // n_critic = 1: every train step ends with exactly one critic update, so this checks after each critic step
        WganModel m = Wgans.create("wgan-clip", "toy:8gaussians", dir, "gan.dim", "16", "batch", "32",
                "gan.n_critic", "1", "train.lr", "1e-2", "gan.w1_every", "0");
        ModelGraph g = m.criticGraph().graph();
        int atBound = 0;
        for (int s = 0; s < 30; s++) {
            m.trainStep(s);
            atBound = 0;
            for (String n : m.criticGraph().paramNames()) {
                INDArray a = g.array(n);
                double max = a.amaxNumber().doubleValue();
                assertTrue(max <= c + 1e-9, "step " + s + ": " + n + " has |w| = " + max + " > " + c);
                for (double v : a.reshape(-1).toDoubleVector()) if (Math.abs(v) >= c - 1e-9) atBound++;
            }
        }
        assertTrue(atBound > 0, "with lr 1e-2 the clip must be binding for some weights, else the test proves nothing");
        // and the generator's copy of the critic is what the last critic step left
        m.trainStep(30);
        for (String n : m.criticGraph().paramNames()) {
            assertTrue(m.generatorGraph().graph().array(n).amaxNumber().doubleValue() <= c + 1e-9);
        }
    }
}
