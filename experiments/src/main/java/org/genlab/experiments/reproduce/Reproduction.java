package org.genlab.experiments.reproduce;

import java.nio.file.Path;

/**
 * A paper ablation that {@code genlab reproduce NAME} runs end to end, writing a report (Markdown + HTML) with
 * measured numbers beside the paper's. Listed in META-INF/services/org.genlab.experiments.reproduce.Reproduction.
 */
public interface Reproduction {
    String name();

    String summary();

    /** What --quick costs on 2 cores (e.g. "~4 min"), and what --full costs. */
    String quickBudget();

    String fullBudget();

    /** Runs and returns the report's path. */
    Path run(ReproductionOptions options) throws Exception;
}
