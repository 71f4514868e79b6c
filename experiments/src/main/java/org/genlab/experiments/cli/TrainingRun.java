package org.genlab.experiments.cli;

import org.genlab.common.checkpoint.CheckpointStore;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.RunContext;
import org.genlab.common.random.RngStreams;
import org.genlab.common.train.ConsoleProgress;
import org.genlab.common.train.MetricsLog;
import org.genlab.common.train.TrainConfig;
import org.genlab.common.train.TrainListener;
import org.genlab.common.train.TrainLoop;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.file.Path;
import java.util.Map;

/** Trains a model in a run directory (fresh or resumed), with progress, metrics files, previews and a curve plot. */
final class TrainingRun {
    record Result(GenerativeModel model, long steps, double seconds, boolean interrupted) {
    }

    private TrainingRun() {
    }

    static Result run(ModelFactory f, Config cfg, Path runDir, Path resumeFrom, DataPaths data, Console console,
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
}
