package org.genlab.experiments.reproduce;

import org.genlab.common.data.DataPaths;

import java.io.PrintStream;
import java.nio.file.Path;

/** How a reproduction runs: quick or full budget, number of seeds, output directory, data location, console. */
public record ReproductionOptions(boolean full, int seeds, Path out, DataPaths data, PrintStream console) {
}
