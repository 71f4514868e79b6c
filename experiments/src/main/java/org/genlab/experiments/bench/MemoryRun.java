package org.genlab.experiments.bench;

import org.bytedeco.javacpp.Pointer;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a workload for many steps and samples the resident set (and JavaCPP's off-heap bytes) every {@code every}
 * steps: the memory-plateau check of DL4J_NOTES (a flat curve means no leak and a bounded allocator cache).
 */
public final class MemoryRun {
    /** One sample: after {@code step} steps, at {@code seconds} since the start. */
    public record Sample(long step, double seconds, long rssMb, long offHeapMb, long nd4jHostMb) {
    }

    private MemoryRun() {
    }

    /** {@code gcEvery > 0} runs a full collection every that many steps (0: leave GC to the JVM). */
    public static List<Sample> run(Workload w, long steps, long every, long gcEvery) {
        if (steps < 1 || every < 1) throw new IllegalArgumentException("steps and every must be positive");
        w.setUp();
        List<Sample> out = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            out.add(new Sample(0, 0, Bench.rssMb(), Pointer.totalBytes() >> 20, Bench.nd4jHostMb()));
            for (long s = 1; s <= steps; s++) {
                w.run();
                if (gcEvery > 0 && s % gcEvery == 0) System.gc();
                if (s % every == 0 || s == steps) {
                    out.add(new Sample(s, (System.nanoTime() - t0) / 1e9, Bench.rssMb(), Pointer.totalBytes() >> 20, Bench.nd4jHostMb()));
                }
            }
        } finally {
            w.tearDown();
        }
        return out;
    }
}
