package org.genlab.experiments.cli;

import java.io.PrintStream;

/** Where commands write: results to {@code out}, diagnostics to {@code err}. */
public record Console(PrintStream out, PrintStream err) {
    public static Console system() {
        return new Console(System.out, System.err);
    }
}
