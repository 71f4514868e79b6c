package org.genlab.common.train;

import org.genlab.common.checkpoint.CheckpointStore;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.random.RngStreams;
import org.genlab.common.state.StateBundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a model's steps up to a total, checkpointing every {@code checkpointEvery} steps and at the end. Everything
 * that determines the future (model state, optimiser, EMA, data position, RNG streams, step) goes into each
 * checkpoint, so N steps + resume + N steps equals 2N uninterrupted steps bit for bit. A NaN/Inf stops the run
 * without overwriting the last good checkpoint. With the interrupt handler installed, Ctrl-C (SIGINT/SIGTERM)
 * finishes the current step, writes a checkpoint and exits.
 */
public final class TrainLoop {
    private final PeriodicGc gc = new PeriodicGc();

    public record Options(long totalSteps, long checkpointEvery, int keepCheckpoints, String modelName) {
    }

    private final GenerativeModel model;
    private final RngStreams rngs;
    private final CheckpointStore store;
    private final Options opts;
    private final List<TrainListener> listeners = new ArrayList<>();
    private long step;
    private volatile boolean stopRequested;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public TrainLoop(GenerativeModel model, RngStreams rngs, CheckpointStore store, Options opts) {
        this.model = model;
        this.rngs = rngs;
        this.store = store;
        this.opts = opts;
    }

    public TrainLoop listen(TrainListener l) {
        listeners.add(l);
        return this;
    }

    public long step() {
        return step;
    }

    /** Everything a resumed run needs, as of now. */
    public StateBundle snapshot() {
        StateBundle b = new StateBundle();
        b.putLong("loop.step", step);
        b.putString("model", opts.modelName());
        model.writeState(b);
        rngs.writeState(b);
        return b;
    }

    public void restore(StateBundle b) {
        String saved = b.has("model") ? b.getString("model") : "?";
        if (!saved.equals(opts.modelName())) {
            throw new org.genlab.common.checkpoint.CheckpointException("checkpoint was written by model '" + saved
                    + "', not '" + opts.modelName() + "'");
        }
        model.readState(b);
        rngs.readState(b);
        step = b.getLong("loop.step");
    }

    public Path checkpoint() {
        Path p = store.save(step, snapshot(), opts.keepCheckpoints());
        for (TrainListener l : listeners) l.onCheckpoint(step, p);
        return p;
    }

    /** Installs a shutdown hook: on SIGINT/SIGTERM the loop checkpoints after the current step, then the JVM exits. */
    public void installInterruptHandler() {
        Thread hook = new Thread(() -> {
            stopRequested = true;
            try {
                stopped.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "genlab-checkpoint-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public boolean wasInterrupted() {
        return stopRequested;
    }

    /** Runs until the total number of steps (or an interrupt). */
    public void run() {
        try {
            for (TrainListener l : listeners) l.onStart(step, opts.totalSteps());
            while (step < opts.totalSteps() && !stopRequested) {
                Map<String, Double> m = model.trainStep(step);
                for (Map.Entry<String, Double> e : m.entrySet()) {
                    if (!Double.isFinite(e.getValue())) {
                        throw new TrainingDivergedException(step, "metric '" + e.getKey() + "' is " + e.getValue());
                    }
                }
                step++;
                gc.maybeCollect();
                for (TrainListener l : listeners) l.onStep(step, m);
                if (step % opts.checkpointEvery() == 0 || step == opts.totalSteps() || stopRequested) checkpoint();
            }
            for (TrainListener l : listeners) l.onEnd(step);
        } finally {
            stopped.countDown();
        }
    }
}
