package org.genlab.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.genlab.common.random.RngStreams;
import org.genlab.common.train.MetricsLog;
import org.genlab.common.train.TrainConfig;
import org.genlab.common.train.TrainListener;
import org.genlab.common.train.TrainLoop;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@code genlab sweep} cell: trains the resolved config in cellDir (a normal run directory: config.json,
 * metrics.csv, checkpoints, log.txt with what the model printed), then evaluates it. Everything is seeded from the
 * config, and the model's graphs are its own, so several cells may run at once in one JVM (Spark local[N]).
 */
public final class SweepCell {
    private SweepCell() {
    }

    /**
     * Returns {label, seed, steps, train_seconds, eval_seconds, metrics{...}, last_train{...}, start_ms, end_ms}
     * (wall-clock epoch milliseconds, to see which cells overlapped).
     */
    public static String run(String cellJson, Path cellDir, DataPaths data) throws Exception {
        ObjectNode cell = (ObjectNode) Config.JSON.readTree(cellJson);
        ObjectNode cfgJson = (ObjectNode) cell.get("config");
        ModelFactory f = new ModelRegistry().get(cfgJson.get("model").asText());
        Config cfg = Config.of(f.defaults()).merge(cfgJson, "sweep cell");
        Files.createDirectories(cellDir);
        cfg.save(cellDir.resolve("config.json"));
        DataType dt = Backend.parseDtype(cfg.getString("dtype"));
        Backend.init(dt); // one dtype per sweep (SweepSpec), so concurrent cells set the same value
        RngStreams rngs = new RngStreams(cfg.getLong("seed"));
        TrainConfig tc = TrainConfig.from(cfg);
        Map<String, Double> lastTrain = new LinkedHashMap<>();
        ObjectNode out = Config.object();
        long startMs = System.currentTimeMillis();
        out.put("label", cell.path("label").asText());
        out.put("seed", cfg.getLong("seed"));
        try (PrintStream log = new PrintStream(Files.newOutputStream(cellDir.resolve("log.txt")), true, StandardCharsets.UTF_8)) {
            GenerativeModel model = f.create(cfg, new RunContext(cellDir, rngs, dt, data, log));
            TrainLoop loop = new TrainLoop(model, rngs, new CheckpointStore(cellDir),
                    new TrainLoop.Options(tc.steps(), tc.checkpointEvery(), tc.keepCheckpoints(), f.name()));
            loop.listen(new MetricsLog(cellDir, tc.logEvery())).listen(new TrainListener() {
                @Override
                public void onStep(long completed, Map<String, Double> metrics) {
                    lastTrain.clear();
                    lastTrain.putAll(metrics);
                }
            });
            long t0 = System.nanoTime();
            loop.run();
            double trainSec = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            Map<String, Double> metrics = model.evaluate(evalRequest(cell.path("eval")));
            double evalSec = (System.nanoTime() - t0) / 1e9;
            out.put("steps", loop.step());
            out.put("train_seconds", trainSec);
            out.put("eval_seconds", evalSec);
            ObjectNode m = out.putObject("metrics");
            metrics.forEach(m::put);
            ObjectNode lt = out.putObject("last_train");
            lastTrain.forEach(lt::put);
            log.printf("trained %d steps in %.2f s, evaluated in %.2f s: %s%n", loop.step(), trainSec, evalSec, metrics);
        }
        out.put("start_ms", startMs);
        out.put("end_ms", System.currentTimeMillis());
        Config.JSON.writeValue(cellDir.resolve("result.json").toFile(), out);
        return out.toString();
    }

    static EvalRequest evalRequest(JsonNode e) {
        List<String> metrics = new ArrayList<>();
        e.path("metrics").forEach(n -> metrics.add(n.asText()));
        Map<String, String> opts = new LinkedHashMap<>();
        e.path("options").fields().forEachRemaining(o -> opts.put(o.getKey(), o.getValue().isTextual() ? o.getValue().asText() : o.getValue().toString()));
        return new EvalRequest(metrics, e.path("limit").asInt(Integer.MAX_VALUE), opts, e.path("seed").asLong(0));
    }
}
