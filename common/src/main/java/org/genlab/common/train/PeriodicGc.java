package org.genlab.common.train;

/**
 * A full collection at least once a second, called between steps. ND4J's native buffers are freed only when their
 * Java wrappers are collected; wrappers promoted to the old generation wait for a full GC, which a small Java heap
 * rarely needs, so dead activations piled up: ~250 MiB per 1000 mlp-adam steps, and gigabytes within a few U-Net
 * steps, whose activations are ~100 MB each. A time rule bounds both: System.gc() every 100 mlp-adam steps (2 s) kept
 * the RSS flat (898 → 896 MiB from step 1000 to 4000) at the same step time (docs/benchmarks.md, Memory). The training
 * loop and the benchmark harness share it, so benchmarks time what training runs.
 */
public final class PeriodicGc {
    static final long INTERVAL_NANOS = 1_000_000_000L;
    private long last = System.nanoTime();

    /** Collects if a second has passed since the last collection. */
    public void maybeCollect() {
        if (System.nanoTime() - last < INTERVAL_NANOS) return;
        System.gc();
        last = System.nanoTime();
    }
}
