package org.genlab.common.train;

import java.nio.file.Path;
import java.util.Map;

/** Observes a {@link TrainLoop}: progress display, metrics files, previews. */
public interface TrainListener {
    default void onStart(long startStep, long totalSteps) {
    }

    /** After each step; {@code completed} is the number of completed steps (1-based). */
    default void onStep(long completed, Map<String, Double> metrics) {
    }

    default void onCheckpoint(long completed, Path checkpoint) {
    }

    default void onEnd(long completed) {
    }
}
