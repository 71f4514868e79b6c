package org.genlab.experiments.cli;

import org.genlab.common.UsageException;
import org.genlab.common.backend.Backend;
import org.genlab.common.checkpoint.CheckpointStore;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.ModelRegistry;
import org.genlab.common.model.RunContext;
import org.genlab.common.random.RngStreams;
import org.genlab.common.state.StateBundle;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** What train, sample, eval and quickstart share: run directories, config files, and rebuilding a model. */
final class RunSupport {
    static final String CONFIG = "config.json";

    private RunSupport() {
    }

    static DataPaths dataPaths(String dataDirFlag) {
        return dataDirFlag != null ? new DataPaths(Path.of(dataDirFlag)) : DataPaths.defaults();
    }

    /** A fresh run directory: the given one (which must not already hold a run) or runs/MODEL-DATA-TIMESTAMP. */
    static Path newRunDir(String out, String model, String data) {
        Path dir = out != null ? Path.of(out)
                : Path.of("runs", model + "-" + data.replace(':', '-') + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir.resolve(CONFIG))) {
            throw new UsageException(dir + " already holds a run; continue it with --resume " + dir + " or choose another --out");
        }
        return dir;
    }

    /** Checks the data name against the model's accepted list ("toy:*" patterns allowed). */
    static void checkData(ModelFactory f, String data) {
        if (data == null || data.isBlank()) {
            throw new UsageException("missing --data; " + f.name() + " trains on: " + String.join(", ", f.datasets()));
        }
        for (String pat : f.datasets()) {
            if (pat.equals(data) || (pat.endsWith("*") && data.startsWith(pat.substring(0, pat.length() - 1)))) return;
        }
        throw new UsageException("model " + f.name() + " does not train on '" + data + "'; it accepts: " + String.join(", ", f.datasets()));
    }

    /** A run directory's config, merged strictly into the model's current defaults. */
    static Config savedConfig(Path runDir, ModelRegistry registry) {
        Path file = runDir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new UsageException(runDir + " has no " + CONFIG + "; is it a genlab run directory?");
        }
        Config raw = Config.load(file);
        ModelFactory f = registry.get(raw.getString("model"));
        return Config.of(f.defaults()).merge(raw.json(), file.toString());
    }

    static DataType dtype(Config cfg) {
        DataType dt = Backend.parseDtype(cfg.getString("dtype"));
        Backend.init(dt);
        return dt;
    }

    /** A model rebuilt from a run's config, its state loaded from a checkpoint (for sample and eval). */
    record Loaded(ModelFactory factory, Config config, GenerativeModel model, Path runDir, Path checkpoint, long step) {
    }

    static Loaded load(Path given, ModelRegistry registry, DataPaths data, Console console) {
        Path ckpt = CheckpointStore.resolve(given);
        Path runDir = CheckpointStore.runDirOf(ckpt);
        Config cfg = savedConfig(runDir, registry);
        ModelFactory f = registry.get(cfg.getString("model"));
        DataType dt = dtype(cfg);
        RngStreams rngs = new RngStreams(cfg.getLong("seed"));
        GenerativeModel m = f.create(cfg, new RunContext(runDir, rngs, dt, data, console.out()));
        StateBundle b = CheckpointStore.load(ckpt);
        String saved = b.has("model") ? b.getString("model") : "?";
        if (!saved.equals(f.name())) {
            throw new UsageException(ckpt + " was written by model '" + saved + "' but its run config says '" + f.name() + "'");
        }
        m.readState(b);
        rngs.readState(b);
        return new Loaded(f, cfg, m, runDir, ckpt, b.getLong("loop.step"));
    }

    /** Finds the value of a flag in raw arguments before parsing (to declare model-specific flags). */
    static String peek(String[] args, String flag) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--" + flag) && i + 1 < args.length) return args[i + 1];
            if (args[i].startsWith("--" + flag + "=")) return args[i].substring(flag.length() + 3);
        }
        return null;
    }
}
