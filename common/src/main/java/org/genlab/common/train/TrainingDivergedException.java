package org.genlab.common.train;

import org.genlab.common.UsageException;

/** The loss or a gradient became NaN/Inf: training stops and the last good checkpoint is kept. */
public final class TrainingDivergedException extends UsageException {
    private final long step;

    public TrainingDivergedException(long step, String what) {
        super("training diverged at step " + step + ": " + what
                + "; the last good checkpoint is kept (lower train.lr, set train.clip, or resume from it)");
        this.step = step;
    }

    public long step() {
        return step;
    }
}
