package org.genlab.vae.image;

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
import org.genlab.common.train.TrainConfig;
import org.genlab.common.train.TrainLoop;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each model through the real plumbing on the installed 8×8 digits: ModelRegistry → factory → TrainLoop with
 * checkpoints in a temp run dir → rebuild from config + checkpoint → sample PNG → evaluate. Also: a run resumed from
 * a checkpoint continues bit-identically (parameters, Adam moments, BN buffers, data order, Java noise streams).
 */
class ImageVaeEndToEndTest {
    private static final DataPaths DATA = DataPaths.defaults();

    private static Config config(ModelFactory f, String... kv) {
        Config c = Config.of(f.defaults());
        c.set("data", "digits");
        c.set("batch", "32");
        c.set("vae.latent", "4");
        c.set("vae.hidden", "[32]");
        c.set("train.checkpoint_every", "10");
        for (int i = 0; i < kv.length; i += 2) c.set(kv[i], kv[i + 1]);
        return c;
    }

    private static RunContext ctx(Path dir, RngStreams r) {
        return new RunContext(dir, r, DataType.FLOAT, DATA, ImageVaeTest.QUIET);
    }

    @Test
    void everyModelTrainsCheckpointsRebuildsSamplesAndEvaluates(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Datasets.isInstalled(Datasets.DIGITS, DATA), "digits not installed (genlab data install digits)");
        ModelRegistry reg = new ModelRegistry();
        for (String name : List.of("vae", "bn-vae", "bn-vae-su", "vmf-vae", "vmf-vae-fixed")) {
            ModelFactory f = reg.get(name);
            assertEquals("vae", f.family());
            Path run = tmp.resolve(name);
            Config c = config(f, "steps", "20");
            RngStreams rngs = new RngStreams(7);
            GenerativeModel m = f.create(c, ctx(run, rngs));
            TrainLoop loop = new TrainLoop(m, rngs, new CheckpointStore(run), new TrainLoop.Options(20, 10, 2, name));
            loop.run();
            Path ck = CheckpointStore.resolve(run);
            RngStreams r2 = new RngStreams(7);
            GenerativeModel back = f.create(c, ctx(run, r2));
            StateBundle b = CheckpointStore.load(ck);
            assertEquals(20, b.getLong("loop.step"));
            back.readState(b);
            Path png = run.resolve("samples").resolve("prior.png");
            back.sample(new SampleRequest(16, "prior", Map.of(), 1), png);
            assertTrue(Files.size(png) > 200, name + ": " + png);
            Map<String, Double> e = back.evaluate(new EvalRequest(List.of(), 100, Map.of("samples", "4"), 0));
            for (String k : List.of("elbo", "nll_iw", "kl", "mi", "au")) assertTrue(Double.isFinite(e.get(k)), name + " " + k + ": " + e);
            back.writePreview(run, 20);
            assertTrue(Files.exists(run.resolve("samples").resolve("prior-step20.png")));
        }
    }

    @Test
    void resumedRunIsBitIdentical(@TempDir Path tmp) {
        Assumptions.assumeTrue(Datasets.isInstalled(Datasets.DIGITS, DATA), "digits not installed (genlab data install digits)");
        ModelRegistry reg = new ModelRegistry();
        for (String name : List.of("bn-vae", "vmf-vae")) {
            ModelFactory f = reg.get(name);
            Config c = config(f, "steps", "8");
            RngStreams ra = new RngStreams(3);
            GenerativeModel a = f.create(c, ctx(tmp.resolve(name + "-a"), ra));
            TrainLoop la = new TrainLoop(a, ra, new CheckpointStore(tmp.resolve(name + "-a")), new TrainLoop.Options(8, 4, 3, name));
            la.run();
            RngStreams rb = new RngStreams(3);
            GenerativeModel b = f.create(c, ctx(tmp.resolve(name + "-b"), rb));
            TrainLoop lb = new TrainLoop(b, rb, new CheckpointStore(tmp.resolve(name + "-b")), new TrainLoop.Options(8, 4, 3, name));
            lb.restore(CheckpointStore.load(tmp.resolve(name + "-a").resolve("checkpoints").resolve(CheckpointStore.name(4))));
            lb.run();
            StateBundle sa = new StateBundle(), sb = new StateBundle();
            a.writeState(sa);
            b.writeState(sb);
            for (String k : sa.arrays().keySet()) {
                assertArrayEquals(sa.getArray(k).castTo(DataType.DOUBLE).data().asDouble(), sb.getArray(k).castTo(DataType.DOUBLE).data().asDouble(),
                        name + ": " + k + " differs after resume");
            }
        }
    }
}
