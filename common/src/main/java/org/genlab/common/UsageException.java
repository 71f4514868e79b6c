package org.genlab.common;

/**
 * Bad input from the user (unknown name, malformed number, missing file or dataset, foreign checkpoint). Its message
 * says what was wrong and what to do; the CLI prints it as one line and exits with code 2, never a stack trace.
 */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
