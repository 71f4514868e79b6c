package org.genlab.experiments.cli;

import java.nio.file.Path;

/** The pictures every run gets at the end: its metric curves. */
final class Plots {
    private Plots() {
    }

    /** Writes RUN/plots/metrics.png from RUN/metrics.csv (wired to common.viz once it lands). */
    static void metrics(Path runDir, Console console) {
    }
}
