package org.genlab.gan.model;

import org.genlab.common.config.Config;
import org.genlab.common.random.RngStreams;
import org.genlab.common.state.StateBundle;
import org.genlab.gan.testing.Wgans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact resume: N steps, save (model state + random streams), N more steps, compared bit for bit with a fresh model
 * restored from the save and stepped N times. Covers both optimisers (Adam, RMSProp), spectral-norm buffers, the
 * c-transform's extra real batch, EMA, the toy sampler and the image batch iterator.
 */
class ResumeTest {
    @TempDir
    Path dir;

    private static StateBundle save(WganModel m, RngStreams r) {
        StateBundle b = new StateBundle();
        m.writeState(b);
        r.writeState(b);
        return b;
    }

    private void check(String model, String data, String... kv) {
        Config c = Wgans.config(model, data, kv);
        RngStreams ra = new RngStreams(3);
        WganModel a = Wgans.create(c, dir, ra, DataType.FLOAT);
        Map<String, Double> lastA = null;
        for (int s = 0; s < 3; s++) a.trainStep(s);
        StateBundle mid = save(a, ra);
        for (int s = 3; s < 6; s++) lastA = a.trainStep(s);
        StateBundle endA = save(a, ra);

        RngStreams rb = new RngStreams(3);
        WganModel b = Wgans.create(c, dir, rb, DataType.FLOAT);
        b.readState(mid);
        rb.readState(mid);
        Map<String, Double> lastB = null;
        for (int s = 3; s < 6; s++) lastB = b.trainStep(s);
        StateBundle endB = save(b, rb);

        assertEquals(lastA, lastB, model + ": metrics of the last step");
        assertEquals(endA.arrays().keySet(), endB.arrays().keySet());
        for (Map.Entry<String, INDArray> e : endA.arrays().entrySet()) {
            assertEquals(e.getValue(), endB.arrays().get(e.getKey()), model + ": " + e.getKey());
        }
        assertTrue(endA.arrays().keySet().stream().anyMatch(k -> k.startsWith("opt.critic/")));
        assertTrue(endA.arrays().keySet().stream().anyMatch(k -> k.startsWith("opt.gen/")));
    }

    @Test
    void toyVariantsResumeExactly() {
        check("wgan-sn", "toy:8gaussians", "gan.dim", "16", "batch", "32", "gan.w1_every", "2");
        check("wgan-clip", "toy:swissroll", "gan.dim", "16", "batch", "32", "gan.n_critic", "2");
        check("wgan-ct", "toy:25gaussians", "gan.dim", "16", "batch", "32", "train.ema", "0.9");
    }

    @Test
    void imageRunsResumeExactly() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.genlab.common.data.Datasets.isInstalled("fashion-mnist",
                org.genlab.common.data.DataPaths.defaults()), "fashion-mnist is not installed; skipping");
        check("wgan-gp", "fashion-mnist", "batch", "16", "gan.n_critic", "2", "train.lr", "1e-3");
    }
}
