package org.genlab.diffusion.model;

import org.genlab.common.UsageException;
import org.genlab.common.checkpoint.CheckpointStore;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Datasets;
import org.genlab.common.model.EvalRequest;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.ModelRegistry;
import org.genlab.common.model.RunContext;
import org.genlab.common.model.SampleRequest;
import org.genlab.common.random.RngStreams;
import org.genlab.common.state.StateBundle;
import org.genlab.common.train.TrainLoop;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * score-sde through the real training path: the factory found by ServiceLoader, a few steps of the real TrainLoop
 * into a temporary run directory with checkpoints, a run resumed from its middle checkpoint that ends bit-identical
 * to the uninterrupted one (weights, Adam moments, EMA, data and noise streams), then sampling to PNGs and finite
 * evaluation metrics from a model rebuilt from config + checkpoint. Tiny networks keep it fast.
 */
class ScoreSdeEndToEndTest {
    private static final String MODEL = "score-sde";

    private static Config config(String data, String sde) {
        ModelFactory f = new ModelRegistry().get(MODEL);
        Config c = Config.of(f.defaults());
        c.set("model", MODEL);
        c.set("data", data);
        c.set("sde.type", sde);
        c.set("steps", "6");
        c.set("batch", "8");
        c.set("net.hidden", "[16,16]");
        c.set("net.channels", "[4,8]");
        c.set("net.embed_dim", "8");
        c.set("net.groups", "2");
        c.set("train.ema", "0.9");
        c.set("train.warmup", "2");
        c.set("train.checkpoint_every", "3");
        return c;
    }

    private static GenerativeModel create(Config c, Path dir, RngStreams rngs) {
        return new ModelRegistry().get(MODEL).create(c, new RunContext(dir, rngs, DataType.FLOAT, DataPaths.defaults(), System.out));
    }

    private static TrainLoop loop(GenerativeModel m, RngStreams r, Path dir, long total) {
        return new TrainLoop(m, r, new CheckpointStore(dir), new TrainLoop.Options(total, 3, 3, MODEL));
    }

    private static void assertSameState(GenerativeModel a, GenerativeModel b) {
        StateBundle sa = new StateBundle(), sb = new StateBundle();
        a.writeState(sa);
        b.writeState(sb);
        assertEquals(sa.arrays().keySet(), sb.arrays().keySet());
        for (Map.Entry<String, INDArray> e : sa.arrays().entrySet()) {
            assertEquals(e.getValue(), sb.getArray(e.getKey()), "state array " + e.getKey() + " differs after resume");
        }
    }

    private static void assertPng(Path p) throws Exception {
        assertTrue(Files.isRegularFile(p), p + " missing");
        assertTrue(Files.size(p) > 1000, p + " is only " + Files.size(p) + " bytes");
    }

    @Test
    void toyTrainResumeSampleEvaluate(@TempDir Path tmp) throws Exception {
        for (String sde : List.of("vp", "ve")) {
            Config c = config("toy:8gaussians", sde);
            Path whole = tmp.resolve(sde + "-whole"), split = tmp.resolve(sde + "-split");
            RngStreams r1 = new RngStreams(7);
            GenerativeModel m1 = create(c, whole, r1);
            loop(m1, r1, whole, 6).run();

            RngStreams r2 = new RngStreams(7);
            GenerativeModel m2 = create(c, split, r2);
            loop(m2, r2, split, 3).run();
            RngStreams r3 = new RngStreams(7);
            GenerativeModel m3 = create(c, split, r3);
            TrainLoop l3 = loop(m3, r3, split, 6);
            l3.restore(CheckpointStore.load(CheckpointStore.resolve(split.resolve("checkpoints").resolve(CheckpointStore.name(3)))));
            assertEquals(3, l3.step());
            l3.run();
            assertSameState(m1, m3);

            // a model rebuilt from config + last checkpoint, as genlab sample/eval do
            RngStreams r4 = new RngStreams(7);
            GenerativeModel m4 = create(c, whole, r4);
            m4.readState(CheckpointStore.load(CheckpointStore.resolve(whole)));
            assertSameState(m1, m4);
            Map<String, Double> s = m4.sample(new SampleRequest(64, "ode", Map.of("rtol", "1e-3", "atol", "1e-3"), 1), whole.resolve("ode.png"));
            assertPng(whole.resolve("ode.png"));
            assertTrue(s.get("nfe") > 0 && s.containsKey("seconds") && s.containsKey("modes_hit"), s.toString());
            Map<String, Double> pc = m4.sample(new SampleRequest(32, "pc", Map.of("steps", "25"), 1), whole.resolve("pc.png"));
            assertEquals(50.0, pc.get("nfe"));
            assertPng(whole.resolve("pc.png"));
            // an untrained network's flow is far from invertible at loose tolerances, so only finiteness here; the
            // trained-model test and SamplersTest (exact score) pin the round-trip error
            Map<String, Double> rt = m4.sample(new SampleRequest(8, "ode", Map.of("roundtrip", "true", "rtol", "1e-3", "atol", "1e-3"), 1),
                    whole.resolve("rt.png"));
            assertTrue(Double.isFinite(rt.get("max_abs_error")) && rt.get("nfe") > 0, rt.toString());
            assertPng(whole.resolve("rt.png"));
            Map<String, Double> ev = m4.evaluate(new EvalRequest(List.of("nll", "modes"), 20, Map.of("rtol", "1e-3", "atol", "1e-3"), 0));
            for (String k : List.of("nll", "gaussian_nll", "modes_hit", "within_3sd")) {
                assertTrue(Double.isFinite(ev.get(k)), k + " = " + ev.get(k));
            }
            m4.writePreview(whole, 6);
            assertPng(whole.resolve("samples").resolve("preview-step6.png"));
        }
    }

    @Test
    void imageModelTrainsSamplesInpaintsAndGivesBitsPerDim(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Datasets.isInstalled(Datasets.DIGITS, DataPaths.defaults()),
                "8x8 digits not installed (genlab data install digits); skipping the image end-to-end test");
        Config c = config(Datasets.DIGITS, "subvp");
        c.set("steps", "2");
        c.set("batch", "4");
        RngStreams r = new RngStreams(3);
        GenerativeModel m = create(c, tmp, r);
        loop(m, r, tmp, 2).run();
        GenerativeModel back = create(c, tmp, new RngStreams(3));
        back.readState(CheckpointStore.load(CheckpointStore.resolve(tmp)));
        assertSameState(m, back);
        Map<String, Double> s = back.sample(new SampleRequest(4, "em", Map.of("steps", "25"), 0), tmp.resolve("em.png"));
        assertEquals(25.0, s.get("nfe"));
        assertPng(tmp.resolve("em.png"));
        Map<String, Double> in = back.sample(new SampleRequest(3, "pc", Map.of("steps", "25", "inpaint", "left"), 0), tmp.resolve("inpaint.png"));
        assertTrue(Double.isFinite(in.get("mse_unknown")));
        assertPng(tmp.resolve("inpaint.png"));
        Map<String, Double> ev = back.evaluate(new EvalRequest(List.of(), 2, Map.of("rtol", "1e-2", "atol", "1e-2"), 0));
        assertEquals(2.0, ev.get("test_images"));
        assertTrue(Double.isFinite(ev.get("bpd")) && ev.get("bpd") > 0, ev.toString());
    }

    /** The sample scores of an untrained model: noise, far above the real-data floor, and all its numbers defined. */
    @Test
    void untrainedModelScoresFarFromData(@TempDir Path tmp) {
        Assumptions.assumeTrue(Datasets.isInstalled(Datasets.FASHION_MNIST, DataPaths.defaults()),
                "fashion-mnist not installed (genlab data install fashion-mnist); skipping the sample-score test");
        Config c = config(Datasets.FASHION_MNIST, "vp");
        GenerativeModel m = create(c, tmp, new RngStreams(4));
        Map<String, Double> ev = m.evaluate(new EvalRequest(List.of("fid"), 64, Map.of("rtol", "1e-2", "atol", "1e-2"), 0));
        assertEquals(64.0, ev.get("samples"));
        assertTrue(ev.get("fid_floor") > 0 && ev.get("fid") > 10 * ev.get("fid_floor"), ev.toString());
        assertTrue(ev.get("kid") > ev.get("kid_floor"), ev.toString());
        assertTrue(ev.get("min_class_share") >= 0 && ev.get("min_class_share") <= 0.1 && ev.get("max_class_share") >= 0.1, ev.toString());
        assertThrows(UsageException.class, () -> m.evaluate(new EvalRequest(List.of("fid"), 5, Map.of(), 0)));
    }

    @Test
    void userErrorsAreUsageExceptions(@TempDir Path tmp) {
        GenerativeModel m = create(config("toy:swissroll", "vp"), tmp, new RngStreams(1));
        Path out = tmp.resolve("x.png");
        assertThrows(UsageException.class, () -> m.sample(new SampleRequest(4, "ode", Map.of("snr", "0.1"), 0), out));
        assertThrows(UsageException.class, () -> m.sample(new SampleRequest(4, "em", Map.of("predictor", "ancestral"), 0), out));
        assertThrows(UsageException.class, () -> m.sample(new SampleRequest(4, "langevin", Map.of(), 0), out));
        assertThrows(UsageException.class, () -> m.sample(new SampleRequest(4, "pc", Map.of("inpaint", "left"), 0), out));
        assertThrows(UsageException.class, () -> m.sample(new SampleRequest(4, "pc", Map.of("steps", "-3"), 0), out));
        assertThrows(UsageException.class, () -> m.sample(new SampleRequest(4, "em", Map.of("steps", "20"), 0), out));
        assertThrows(UsageException.class, () -> m.sample(new SampleRequest(4, "ode", Map.of("method", "rk23"), 0), out));
        assertThrows(UsageException.class, () -> m.evaluate(new EvalRequest(List.of("bpd"), 10, Map.of(), 0)));
        assertThrows(UsageException.class, () -> m.evaluate(new EvalRequest(List.of("fid"), 10, Map.of(), 0)));
        assertThrows(UsageException.class, () -> m.evaluate(new EvalRequest(List.of("nll"), 10, Map.of("divergence", "hutch"), 0)));
        assertThrows(UsageException.class, () -> m.evaluate(new EvalRequest(List.of("modes"), 10, Map.of(), 0)));
        Config bad = config("toy:swissroll", "vq");
        assertThrows(UsageException.class, () -> create(bad, tmp, new RngStreams(1)));
        Config ancestralSubVp = config("toy:swissroll", "subvp");
        GenerativeModel sub = create(ancestralSubVp, tmp, new RngStreams(1));
        assertThrows(UsageException.class, () -> sub.sample(new SampleRequest(4, "ancestral", Map.of("steps", "30"), 0), out));
        Config mlpImages = config(Datasets.DIGITS, "vp");
        mlpImages.set("net.kind", "mlp");
        if (Datasets.isInstalled(Datasets.DIGITS, DataPaths.defaults())) {
            assertThrows(UsageException.class, () -> create(mlpImages, tmp, new RngStreams(1)));
        }
    }
}
