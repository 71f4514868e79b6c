package org.genlab.common.checkpoint;

import org.genlab.common.UsageException;

/** A checkpoint that is missing, truncated, corrupt, or was written by another model or format. */
public final class CheckpointException extends UsageException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
