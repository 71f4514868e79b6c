package org.genlab.experiments.bench;

import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Times a workload: warm-up runs, then timed runs; median and spread in ms, peak RSS and off-heap bytes. */
public final class Bench {
    public record Result(String name, int runs, double medianMs, double p10Ms, double p90Ms, double minMs,
                         long peakRssMb, long offHeapMb) {
    }

    private Bench() {
    }

    public static Result measure(Workload w, int warmup, int runs) {
        w.setUp();
        try {
            for (int i = 0; i < warmup; i++) w.run();
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                w.run();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            return new Result(w.name(), runs, quantile(ms, 0.5), quantile(ms, 0.1), quantile(ms, 0.9), ms[0],
                    peakRssMb(), Pointer.physicalBytes() >> 20);
        } finally {
            w.tearDown();
        }
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** VmHWM (peak resident set) of this process from /proc, in MiB; -1 where /proc is absent. */
    static long peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("\\D", "")) >> 10;
            }
        } catch (IOException | RuntimeException ignored) {
            // not on Linux
        }
        return -1;
    }
}
