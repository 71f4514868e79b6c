package org.genlab.experiments.sweep;

import org.genlab.common.data.DataPaths;
import org.genlab.experiments.reproduce.ReproductionRegistry;

import java.nio.file.Path;

/**
 * Executes one cell where it runs (this JVM or a Spark executor), found again there by name: the generic
 * {@code genlab sweep} ({@link #SWEEP}) or a reproduction's {@code runCell}.
 */
@FunctionalInterface
public interface CellExecutor {
    /** The name under which {@link SweepCell} runs the cells of {@code genlab sweep}; not a reproduction. */
    String SWEEP = "genlab-sweep";

    String run(String cell, Path cellDir, DataPaths data) throws Exception;

    static CellExecutor forName(String name) {
        if (SWEEP.equals(name)) return SweepCell::run;
        return new ReproductionRegistry().get(name)::runCell;
    }
}
