package org.genlab.experiments.bench;

import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;
import java.util.Map;

/**
 * One benchmarked unit of work (a training step, a sampler run). {@link #setUp} builds everything once; {@link #run}
 * is what is timed, repeatedly. The PyTorch peer (bench/torch_peer.py) implements the same workloads by name.
 */
public interface Workload {
    String name();

    String description();

    void setUp();

    void run();

    /**
     * Workload-specific figures computed from the median time of one run (e.g. GFLOP/s, the number of score
     * evaluations of an ODE solve and the time per evaluation); empty by default.
     */
    default Map<String, Double> extras(double medianMs) {
        return Map.of();
    }

    /** The SameDiff graphs the workload executes (for {@link OpProfile}); empty if none. */
    default List<SameDiff> graphs() {
        return List.of();
    }

    default void tearDown() {
    }
}
