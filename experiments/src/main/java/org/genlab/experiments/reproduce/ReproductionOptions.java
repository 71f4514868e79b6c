package org.genlab.experiments.reproduce;

import org.genlab.common.data.DataPaths;
import org.genlab.experiments.sweep.CellRunner;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How a reproduction runs: quick or full budget, number of seeds, output directory, data location, console, and the
 * runner its cells go through (in-process by default, Spark with --spark).
 */
public record ReproductionOptions(boolean full, int seeds, Path out, DataPaths data, PrintStream console,
                                  CellRunner runner) {
}
