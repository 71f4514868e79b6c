package org.genlab.common.model;

import org.genlab.common.state.Stateful;

import java.nio.file.Path;
import java.util.Map;

/**
 * A trainable generative model as the CLI and the training loop see it. Its {@link Stateful} state is everything a
 * checkpoint must hold besides the loop's own counters: parameters, buffers, optimiser moments, EMA shadows and its
 * data iterator's position.
 */
public interface GenerativeModel extends Stateful {
    /** One optimisation step (all its micro-batches or critic iterations); metrics for logging and NaN checks. */
    Map<String, Double> trainStep(long step);

    /**
     * Draws samples (with EMA weights if the model keeps them) and writes a picture or text file to {@code out};
     * returns what was measured (NFE, seconds, ...).
     */
    Map<String, Double> sample(SampleRequest request, Path out);

    /** Metrics on held-out data ("bpd", "nll", "elbo", ...). */
    Map<String, Double> evaluate(EvalRequest request);

    /** Called when a run ends or at checkpoints: periodic pictures (samples, curves) under the run directory. */
    default void writePreview(Path runDir, long step) {
    }
}
