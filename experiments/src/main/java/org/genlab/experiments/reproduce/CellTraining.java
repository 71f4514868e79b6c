package org.genlab.experiments.reproduce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.backend.Backend;
import org.genlab.common.checkpoint.CheckpointStore;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.model.EvalRequest;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.ModelRegistry;
import org.genlab.common.model.RunContext;
import org.genlab.common.model.SampleRequest;
import org.genlab.common.random.RngStreams;
import org.genlab.common.train.MetricsLog;
import org.genlab.common.train.TrainConfig;
import org.genlab.common.train.TrainLoop;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Trains one reproduction cell the way {@code genlab train} does (ModelFactory → RunContext → TrainLoop with a
 * checkpoint at the end and metrics.csv), in the cell's directory, logging to {@code cellDir/log.txt}.
 */
final class CellTraining {
    /** A trained cell: the model, its resolved config, training wall seconds, and the run directory. */
    record Trained(GenerativeModel model, Config config, double seconds, Path dir, PrintStream log) implements AutoCloseable {
        @Override
        public void close() {
            log.close();
        }

        Map<String, Double> evaluate(int limit, Map<String, String> options, long seed) {
            return model.evaluate(new EvalRequest(java.util.List.of(), limit, options, seed));
        }

        /** Writes a sample picture (or text) through the model's own sampler; returns the file as base64. */
        String sampleBase64(SampleRequest request, String fileName) {
            Path f = dir.resolve(fileName);
            model.sample(request, f);
            Path actual = Files.exists(f) ? f : dir.resolve(fileName.replaceAll("\\.png$", ".txt"));
            try {
                return Base64.getEncoder().encodeToString(Files.readAllBytes(actual));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private CellTraining() {
    }

    /** Merges overrides (model, data, seed, steps, batch, train.*, the model's section) into the model's defaults. */
    static Config resolve(ObjectNode overrides) {
        ModelFactory f = new ModelRegistry().get(overrides.get("model").asText());
        return Config.of(f.defaults()).merge(overrides, "reproduction cell");
    }

    static Trained train(ObjectNode overrides, Path dir, DataPaths data) throws IOException {
        Files.createDirectories(dir);
        Config cfg = resolve(overrides);
        cfg.save(dir.resolve("config.json"));
        ModelFactory f = new ModelRegistry().get(cfg.getString("model"));
        DataType dt = Backend.parseDtype(cfg.getString("dtype"));
        Backend.init(dt);
        RngStreams rngs = new RngStreams(cfg.getLong("seed"));
        TrainConfig tc = TrainConfig.from(cfg);
        PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve("log.txt")), true, "UTF-8");
        try {
            GenerativeModel model = f.create(cfg, new RunContext(dir, rngs, dt, data, log));
            TrainLoop loop = new TrainLoop(model, rngs, new CheckpointStore(dir),
                    new TrainLoop.Options(tc.steps(), tc.steps(), 1, f.name()));
            loop.listen(new MetricsLog(dir, tc.logEvery()));
            long t0 = System.nanoTime();
            loop.run();
            double sec = (System.nanoTime() - t0) / 1e9;
            log.printf("trained %d steps in %.1f s%n", loop.step(), sec);
            return new Trained(model, cfg, sec, dir, log);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }
}
