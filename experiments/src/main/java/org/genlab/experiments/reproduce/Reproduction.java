package org.genlab.experiments.reproduce;

import org.genlab.common.data.DataPaths;

import java.nio.file.Path;

/**
 * A paper ablation that {@code genlab reproduce NAME} runs end to end, writing a report (Markdown + HTML) with
 * measured numbers beside the paper's. Listed in META-INF/services/org.genlab.experiments.reproduce.Reproduction.
 * <p>
 * Its independent configurations (model variant × seed) are "cells": JSON in, JSON out, run through
 * {@link ReproductionOptions#runner()} so a sweep can go to Spark as well as run in this JVM.
 */
public interface Reproduction {
    String name();

    String summary();

    /** What --quick costs on 2 cores (e.g. "~4 min"), and what --full costs. */
    String quickBudget();

    String fullBudget();

    /** The budget line of a report: the scale's name and what it costs. */
    default String budget(String scale, ReproductionOptions o) {
        return scale + " scale: " + (o.full() ? fullBudget() : quickBudget());
    }

    /** Runs and returns the report's path. */
    Path run(ReproductionOptions options) throws Exception;

    /** Runs one cell (a JSON description made by {@link #run}) in its own directory; returns its results as JSON. */
    default String runCell(String cell, Path cellDir, DataPaths data) throws Exception {
        throw new UnsupportedOperationException(name() + " has no independent cells");
    }
}
