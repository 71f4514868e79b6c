package org.genlab.vae.text;

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
import org.genlab.common.train.TrainLoop;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sentence VAE through the registry, TrainLoop, checkpoint, rebuild, sampling and evaluation on raw_sentences. */
class TextVaeEndToEndTest {
    @Test
    void trainsOnRawSentencesCheckpointsRebuildsAndDecodes(@TempDir Path tmp) throws Exception {
        DataPaths data = DataPaths.defaults();
        Assumptions.assumeTrue(Datasets.isInstalled(Datasets.SENTENCES, data), "raw_sentences not installed (genlab data install sentences)");
        ModelFactory f = new ModelRegistry().get("vmf-vae");
        Config c = Config.of(f.defaults());
        c.set("data", "sentences");
        c.set("batch", "16");
        c.set("vae.latent", "4");
        c.set("vae.text.emb", "16");
        c.set("vae.text.hidden", "32");
        c.set("vae.text.max_len", "8");
        RngStreams rngs = new RngStreams(1);
        RunContext ctx = new RunContext(tmp, rngs, DataType.FLOAT, data, TextVaeTest.QUIET);
        GenerativeModel m = f.create(c, ctx);
        new TrainLoop(m, rngs, new CheckpointStore(tmp), new TrainLoop.Options(6, 6, 1, "vmf-vae")).run();
        assertTrue(Files.isRegularFile(tmp.resolve("vocab.txt")));
        RngStreams r2 = new RngStreams(1);
        GenerativeModel back = f.create(c, new RunContext(tmp, r2, DataType.FLOAT, data, TextVaeTest.QUIET));
        back.readState(CheckpointStore.load(CheckpointStore.resolve(tmp)));
        Path out = tmp.resolve("s.png");
        back.sample(new SampleRequest(4, "reconstruct", Map.of("decode", "beam"), 0), out);
        assertTrue(Files.readAllLines(tmp.resolve("s.txt")).size() == 9);
        Map<String, Double> e = back.evaluate(new EvalRequest(List.of(), 32, Map.of("samples", "3"), 0));
        assertTrue(Double.isFinite(e.get("ppl_iw")) && e.get("ppl_iw") > 1, e.toString());
    }
}
