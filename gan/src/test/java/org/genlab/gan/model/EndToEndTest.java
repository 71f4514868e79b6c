package org.genlab.gan.model;

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
import org.genlab.common.train.MetricsLog;
import org.genlab.common.train.TrainConfig;
import org.genlab.common.train.TrainLoop;
import org.genlab.gan.testing.Wgans;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every variant through the path the CLI takes: factory defaults + overrides, the real TrainLoop with metrics files
 * and checkpoints in a run directory, then a model rebuilt from config.json + the latest checkpoint that samples to a
 * PNG (scatter over the critic heat map for toys, an image grid for images) and evaluates to finite metrics.
 */
class EndToEndTest {
    @TempDir
    Path tmp;

    private void run(String model, String data, String... kv) throws Exception {
        Path runDir = tmp.resolve(model + "-" + data.replace(':', '-'));
        Config cfg = Wgans.config(model, data, kv);
        cfg.set("steps", "4");
        cfg.set("train.checkpoint_every", "2");
        cfg.set("train.log_every", "1");
        cfg.save(runDir.resolve("config.json"));
        ModelFactory f = new ModelRegistry().get(model);
        TrainConfig tc = TrainConfig.from(cfg);
        RngStreams rngs = new RngStreams(cfg.getLong("seed"));
        GenerativeModel m = f.create(cfg, new RunContext(runDir, rngs, DataType.FLOAT, DataPaths.defaults(), System.out));
        TrainLoop loop = new TrainLoop(m, rngs, new CheckpointStore(runDir),
                new TrainLoop.Options(tc.steps(), tc.checkpointEvery(), tc.keepCheckpoints(), f.name()));
        loop.listen(new MetricsLog(runDir, tc.logEvery()));
        loop.run();
        m.writePreview(runDir, loop.step());
        String header = Files.readAllLines(runDir.resolve("metrics.csv")).get(0);
        assertTrue(header.contains("critic_estimate") && header.contains("w1_exact") && header.contains("w1_critic"), header);

        // rebuild as 'genlab sample' / 'genlab eval' do
        Config saved = Config.of(f.defaults()).merge(Config.load(runDir.resolve("config.json")).json(), "config.json");
        RngStreams r2 = new RngStreams(saved.getLong("seed"));
        GenerativeModel m2 = f.create(saved, new RunContext(runDir, r2, DataType.FLOAT, DataPaths.defaults(), System.out));
        StateBundle b = CheckpointStore.load(CheckpointStore.resolve(runDir));
        assertEquals(4, b.getLong("loop.step"));
        m2.readState(b);
        r2.readState(b);
        Path png = runDir.resolve("samples.png");
        Map<String, Double> sm = m2.sample(new SampleRequest(64, "generator", Map.of("resolution", "40"), 1), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(Files.size(png) > 2000 && img.getWidth() >= 100 && img.getHeight() >= 100, model + ": picture");
        assertTrue(sm.get("seconds") >= 0);
        Map<String, Double> ev = m2.evaluate(new EvalRequest(List.of(), 64, Map.of("batches", "2"), 0));
        for (String k : List.of("w1_exact", "w1_critic", "w1_real_real", "input_grad_norm")) {
            assertTrue(Double.isFinite(ev.get(k)), model + ": " + k + " = " + ev.get(k));
        }
        assertTrue(Files.isRegularFile(runDir.resolve("samples").resolve("preview-step0000004.png")));
    }

    @Test
    void everyVariantOnAToy() throws Exception {
        for (String model : List.of("wgan-clip", "wgan-gp", "wgan-lp", "wgan-div", "wgan-sn", "wgan-ct")) {
            run(model, "toy:8gaussians", "gan.dim", "16", "batch", "32", "gan.n_critic", "2", "gan.w1_every", "2");
        }
        run("wgan-lp", "toy:swissroll", "gan.dim", "16", "batch", "32", "gan.penalty", "linear-hinge");
    }

    @Test
    void imagesWithSuMlpAndDcgan() throws Exception {
        Assumptions.assumeTrue(Datasets.isInstalled("fashion-mnist", DataPaths.defaults()),
                "fashion-mnist is not installed (genlab data install fashion-mnist); skipping");
        run("wgan-gp", "fashion-mnist", "batch", "16", "gan.n_critic", "1", "gan.penalty", "linear-hinge");
        run("wgan-div", "fashion-mnist", "batch", "8", "gan.n_critic", "1", "gan.arch", "dcgan", "gan.dim", "4");
        run("wgan-ct", "fashion-mnist", "batch", "8", "gan.n_critic", "1");
    }
}
