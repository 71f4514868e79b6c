package org.genlab.experiments.bench;

/**
 * One benchmarked unit of work (a training step, a sampler run). {@link #setUp} builds everything once; {@link #run}
 * is what is timed, repeatedly. The PyTorch peer (bench/torch_peer.py) implements the same workloads by name.
 */
public interface Workload {
    String name();

    String description();

    void setUp();

    void run();

    default void tearDown() {
    }
}
