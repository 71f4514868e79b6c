package org.genlab.experiments.bench;

import org.bytedeco.javacpp.Pointer;
import org.genlab.common.train.PeriodicGc;
import org.nd4j.linalg.api.memory.AllocationsTracker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times a workload: warm-up runs, then timed runs; median and spread (p10–p90, IQR) in ms, the process's peak and
 * current resident set, and off-heap accounting: JavaCPP's {@code Pointer.totalBytes} (bytes allocated through
 * JavaCPP and not yet freed), ND4J's {@code AllocationsTracker} (host bytes of ND4J data buffers), and the Java heap
 * committed, so that RSS − heap is the native footprint (libnd4j/OpenBLAS/oneDNN caches and malloc arenas included).
 */
public final class Bench {
    public record Result(String name, int runs, double medianMs, double p10Ms, double p25Ms, double p75Ms, double p90Ms,
                         double minMs, long peakRssMb, long rssMb, long offHeapMb, long nd4jHostMb, long heapMb,
                         Map<String, Double> extras) {
    }

    private Bench() {
    }

    /**
     * Warm-up is at least {@code warmup} runs and at least {@code warmupSeconds}: SameDiff's Java session code reaches
     * its C2-compiled speed only after seconds of steps (mlp-adam: 23.7 ms median after 3 warm-up runs, 20.2 after
     * 30, 15 ms after 300), and a training run spends nearly all its steps there.
     */
    public static Result measure(Workload w, int warmup, double warmupSeconds, int runs) {
        w.setUp();
        try {
            // Between runs, outside the timed region, the training loop's GC rule: without it the dead native buffers
            // of a U-Net step piled up to 12.5 GB RSS and page-fault churn, not compute, set the median.
            PeriodicGc gc = new PeriodicGc();
            long warmStart = System.nanoTime();
            for (int i = 0; i < warmup || (System.nanoTime() - warmStart) / 1e9 < warmupSeconds; i++) {
                w.run();
                gc.maybeCollect();
            }
            double[] ms = new double[runs];
            long allocStart = allocatedBytes();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                w.run();
                ms[i] = (System.nanoTime() - t0) / 1e6;
                gc.maybeCollect();
            }
            long allocated = allocatedBytes() - allocStart;
            Arrays.sort(ms);
            double median = quantile(ms, 0.5);
            Map<String, Double> extras = new LinkedHashMap<>(w.extras(median));
            // Java heap allocated per run on this thread: a Java kernel whose vectors C2 left boxed shows up here
            // (hundreds of KB per run), not in the timings alone.
            if (allocStart >= 0) extras.put("heapKbPerRun", allocated / 1024.0 / runs);
            return new Result(w.name(), runs, median, quantile(ms, 0.1), quantile(ms, 0.25), quantile(ms, 0.75),
                    quantile(ms, 0.9), ms[0], procStatusMb("VmHWM:"), procStatusMb("VmRSS:"), Pointer.totalBytes() >> 20,
                    nd4jHostMb(), Runtime.getRuntime().totalMemory() >> 20, extras);
        } finally {
            w.tearDown();
        }
    }

    /** Bytes the calling thread has allocated on the Java heap so far; -1 where the JVM does not count them. */
    private static long allocatedBytes() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)) return -1;
        return mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** A /proc/self/status field in MiB (VmHWM: peak resident set, VmRSS: current); -1 where /proc is absent. */
    static long procStatusMb(String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(field)) return Long.parseLong(l.replaceAll("\\D", "")) >> 10;
            }
        } catch (IOException | RuntimeException ignored) {
            // not on Linux
        }
        return -1;
    }

    /** Bytes of ND4J host buffers currently allocated (device 0 = host on the CPU backend), in MiB. */
    public static long nd4jHostMb() {
        return AllocationsTracker.getInstance().bytesOnDevice(0) >> 20;
    }

    /** Current resident set in MiB. */
    public static long rssMb() {
        return procStatusMb("VmRSS:");
    }
}
