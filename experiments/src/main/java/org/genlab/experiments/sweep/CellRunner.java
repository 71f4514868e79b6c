package org.genlab.experiments.sweep;

import org.genlab.common.data.DataPaths;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs the independent cells of a sweep (one configuration × seed each) and returns their results in input order.
 * Cells and results are JSON strings, so any runner (this JVM, Spark executors) can ship them; a cell is executed by
 * {@link org.genlab.experiments.reproduce.Reproduction#runCell} of the reproduction named {@code reproduction},
 * looked up again where it runs.
 */
public interface CellRunner {
    /** A short description for reports ("sequential, in-process", "spark local[2]"). */
    String describe();

    List<String> run(String reproduction, List<String> cells, Path workDir, DataPaths data) throws Exception;
}
