package org.genlab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.UsageException;
import org.genlab.common.checkpoint.CheckpointStore;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.ModelRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code genlab train}: a new run from defaults + config file + flags, or {@code --resume} of an existing one. */
public final class TrainCommand implements Command {
    private static final List<String> FIXED_ON_RESUME = List.of("model", "data", "config", "set", "batch", "lr", "seed", "dtype", "out");

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a model (new run, or --resume a killed/finished one)";
    }

    @Override
    public String usage() {
        return "--model NAME --data NAME [--config FILE] [--steps N] [--out DIR] [--init-from DIR] [--set KEY=VALUE ...] | --resume DIR [--steps N]";
    }

    @Override
    public String footer() {
        return "\nExamples:\n  genlab train --model score-sde --sde vp --data toy:swissroll --steps 3000\n"
                + "  genlab train --resume runs/score-sde-toy-swissroll-20260101-120000 --steps 6000\n"
                + "  genlab train --init-from runs/fm --set net.res_blocks=1 --steps 5000\n"
                + "Every config key can be set with --set (see the run's config.json); --config FILE merges a JSON file first.";
    }

    @Override
    public Options options(String[] args) {
        Options o = Opts.base();
        o.addOption(Opts.value("model", "NAME", "model to train (genlab list)"));
        o.addOption(Opts.value("data", "NAME", "dataset (genlab list), e.g. toy:swissroll, fashion-mnist"));
        o.addOption(Opts.value("config", "FILE", "JSON config merged over the model's defaults"));
        o.addOption(Opts.value("steps", "N", "total optimisation steps (with --resume: the new total)"));
        o.addOption(Opts.value("batch", "N", "batch size"));
        o.addOption(Opts.value("lr", "X", "learning rate (train.lr)"));
        o.addOption(Opts.value("seed", "S", "seed of every random stream (default 0)"));
        o.addOption(Opts.value("dtype", "float|double", "numeric type"));
        o.addOption(Opts.value("out", "DIR", "run directory (default runs/MODEL-DATA-TIMESTAMP)"));
        o.addOption(Opts.value("resume", "DIR", "continue a run directory (or one of its checkpoints) exactly"));
        o.addOption(Opts.value("init-from", "DIR", "start a new run from the config and weights of another run (or "
                + "checkpoint); flags and --set change the config, parameters it lacks (added blocks) keep their initialisation"));
        o.addOption(Opts.repeated("set", "KEY=VALUE", "set any config key, e.g. --set train.ema=0.999"));
        String model = RunSupport.peek(args, "model");
        if (model != null) {
            try {
                for (Map.Entry<String, String> e : new ModelRegistry().get(model).trainFlags().entrySet()) {
                    if (!o.hasLongOption(e.getKey())) o.addOption(Opts.value(e.getKey(), "VALUE", "sets " + e.getValue()));
                }
            } catch (UsageException ignored) {
                // reported with a clear message when the command runs
            }
        }
        return o;
    }

    @Override
    public int run(CommandLine cl, Console console) {
        ModelRegistry registry = new ModelRegistry();
        DataPaths data = RunSupport.dataPaths(cl.getOptionValue("data-dir"));
        if (cl.hasOption("resume")) {
            if (cl.hasOption("init-from")) throw new UsageException("--init-from starts a new run; it cannot be combined with --resume");
            return resume(cl, registry, data, console);
        }
        Path initFrom = cl.hasOption("init-from") ? CheckpointStore.resolve(Path.of(cl.getOptionValue("init-from"))) : null;
        // A warm start begins from the source run's config (so the shared blocks have the same widths) and its model.
        Config base = initFrom == null ? null : RunSupport.savedConfig(CheckpointStore.runDirOf(initFrom), registry);
        ModelFactory f = registry.get(base != null && !cl.hasOption("model") ? base.getString("model")
                : Opts.required(cl, "model", "(see 'genlab list')"));
        Config cfg = base != null && base.getString("model").equals(f.name()) ? base : Config.of(f.defaults());
        Path cfgFile = Opts.existingFile(cl, "config");
        if (cfgFile != null) cfg.merge(Config.readFile(cfgFile), cfgFile.toString());
        cfg.set("model", f.name());
        if (cl.hasOption("data")) cfg.set("data", cl.getOptionValue("data"));
        setIf(cl, cfg, "steps", "steps");
        setIf(cl, cfg, "batch", "batch");
        setIf(cl, cfg, "lr", "train.lr");
        setIf(cl, cfg, "seed", "seed");
        setIf(cl, cfg, "dtype", "dtype");
        for (Map.Entry<String, String> e : f.trainFlags().entrySet()) setIf(cl, cfg, e.getKey(), e.getValue());
        Opts.pairs(cl, "set").forEach(cfg::set);
        RunSupport.checkData(f, cfg.getString("data"));
        Path runDir = RunSupport.newRunDir(cl.getOptionValue("out"), f.name(), cfg.getString("data"));
        org.genlab.common.train.TrainConfig.from(cfg); // range checks before anything is written
        cfg.save(runDir.resolve(RunSupport.CONFIG));
        console.out().printf("run directory %s (config.json holds the resolved config)%n", runDir);
        TrainingRun.Result r;
        try {
            r = TrainingRun.run(f, cfg, runDir, null, initFrom, data, console, true);
        } catch (UsageException e) {
            // A config the model rejects, or a missing dataset: leave no half-made run behind to block a retry.
            if (!Files.isDirectory(runDir.resolve("checkpoints"))) deleteQuietly(runDir.resolve(RunSupport.CONFIG), runDir);
            throw e;
        }
        return finish(r, runDir, console);
    }

    private static void deleteQuietly(Path file, Path dir) {
        try {
            Files.deleteIfExists(file);
            try (var s = Files.list(dir)) {
                if (s.findAny().isEmpty()) Files.delete(dir);
            }
        } catch (java.io.IOException ignored) {
            // best effort: the error being reported matters more
        }
    }

    private static void setIf(CommandLine cl, Config cfg, String flag, String key) {
        if (cl.hasOption(flag)) {
            try {
                cfg.set(key, cl.getOptionValue(flag));
            } catch (UsageException e) {
                throw new UsageException("--" + flag + ": " + e.getMessage());
            }
        }
    }

    private int resume(CommandLine cl, ModelRegistry registry, DataPaths data, Console console) {
        for (String fixed : FIXED_ON_RESUME) {
            if (cl.hasOption(fixed)) {
                throw new UsageException("--" + fixed + " cannot be changed when resuming: the run's config.json fixes it "
                        + "(only --steps may be raised); start a new run instead");
            }
        }
        Path ckpt = CheckpointStore.resolve(Path.of(cl.getOptionValue("resume")));
        Path runDir = CheckpointStore.runDirOf(ckpt);
        Config cfg = RunSupport.savedConfig(runDir, registry);
        ModelFactory f = registry.get(cfg.getString("model"));
        if (cl.hasOption("steps")) {
            setIf(cl, cfg, "steps", "steps");
            org.genlab.common.train.TrainConfig.from(cfg);
            cfg.save(runDir.resolve(RunSupport.CONFIG));
        }
        TrainingRun.Result r = TrainingRun.run(f, cfg, runDir, ckpt, null, data, console, true);
        return finish(r, runDir, console);
    }

    private static int finish(TrainingRun.Result r, Path runDir, Console console) {
        if (r.interrupted()) {
            console.out().printf("interrupted at step %d; checkpoint saved. Continue with: genlab train --resume %s%n", r.steps(), runDir);
            return 130;
        }
        console.out().printf("sample with: genlab sample --checkpoint %s --out samples.png%n", runDir);
        return 0;
    }
}
