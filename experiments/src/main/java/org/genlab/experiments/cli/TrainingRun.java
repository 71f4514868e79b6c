package org.genlab.experiments.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.UsageException;
import org.genlab.common.checkpoint.CheckpointStore;
import org.genlab.common.checkpoint.WarmStart;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.RunContext;
import org.genlab.common.random.RngStreams;
import org.genlab.common.state.StateBundle;
import org.genlab.common.train.ConsoleProgress;
import org.genlab.common.train.MetricsLog;
import org.genlab.common.train.TrainConfig;
import org.genlab.common.train.TrainListener;
import org.genlab.common.train.TrainLoop;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Trains a model in a run directory (fresh or resumed), with progress, metrics files, previews and a curve plot. */
final class TrainingRun {
    /** Where a warm-started run records what it started from. */
    static final String INIT_RECORD = "init-from.json";

    record Result(GenerativeModel model, long steps, double seconds, boolean interrupted) {
    }

    private TrainingRun() {
    }

    /**
     * {@code resumeFrom}: a checkpoint of this run to continue exactly; {@code initFrom}: a checkpoint of another run
     * whose matching weights a new run starts from ({@link WarmStart}); at most one of them is non-null.
     */
    static Result run(ModelFactory f, Config cfg, Path runDir, Path resumeFrom, Path initFrom, DataPaths data, Console console,
                      boolean handleInterrupt) {
        DataType dt = RunSupport.dtype(cfg);
        RngStreams rngs = new RngStreams(cfg.getLong("seed"));
        TrainConfig tc = TrainConfig.from(cfg);
        GenerativeModel model = f.create(cfg, new RunContext(runDir, rngs, dt, data, console.out()));
        TrainLoop loop = new TrainLoop(model, rngs, new CheckpointStore(runDir),
                new TrainLoop.Options(tc.steps(), tc.checkpointEvery(), tc.keepCheckpoints(), f.name()));
        if (resumeFrom != null) {
            loop.restore(CheckpointStore.load(resumeFrom));
            console.out().printf("resuming %s from step %d (%s)%n", runDir, loop.step(), resumeFrom.getFileName());
            if (loop.step() >= tc.steps()) {
                console.out().printf("the run already has %d of %d steps; raise --steps to train longer%n", loop.step(), tc.steps());
            }
        }
        if (initFrom != null) warmStart(f, model, initFrom, runDir, console);
        loop.listen(new ConsoleProgress(console.out())).listen(new MetricsLog(runDir, tc.logEvery()));
        if (tc.previewEvery() > 0) {
            loop.listen(new TrainListener() {
                @Override
                public void onStep(long completed, Map<String, Double> metrics) {
                    if (completed % tc.previewEvery() == 0) model.writePreview(runDir, completed);
                }
            });
        }
        if (handleInterrupt) loop.installInterruptHandler();
        long t0 = System.nanoTime();
        long start = loop.step();
        loop.run();
        double sec = (System.nanoTime() - t0) / 1e9;
        model.writePreview(runDir, loop.step());
        Plots.metrics(runDir, console);
        console.out().printf("trained %d steps in %.1f s (%.1f steps/s); run directory %s%n", loop.step() - start, sec,
                (loop.step() - start) / Math.max(sec, 1e-9), runDir);
        return new Result(model, loop.step(), sec, loop.wasInterrupted());
    }

    private static void warmStart(ModelFactory f, GenerativeModel model, Path checkpoint, Path runDir, Console console) {
        StateBundle src = CheckpointStore.load(checkpoint);
        String saved = src.has("model") ? src.getString("model") : "?";
        if (!saved.equals(f.name())) {
            throw new UsageException("--init-from " + checkpoint + " was written by model '" + saved + "', not '" + f.name() + "'");
        }
        WarmStart.Report r = WarmStart.apply(model, src);
        console.out().printf("weights from %s (step %d): %s%n", checkpoint, src.getLong("loop.step"), r.summary());
        ObjectNode rec = Config.object();
        rec.put("checkpoint", checkpoint.toAbsolutePath().toString());
        rec.put("step", src.getLong("loop.step"));
        r.copied().forEach(rec.putArray("copied")::add);
        r.fresh().forEach(rec.putArray("fresh")::add);
        try {
            Config.writeAtomically(runDir.resolve(INIT_RECORD), rec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
