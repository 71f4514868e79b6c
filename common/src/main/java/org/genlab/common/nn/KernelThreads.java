package org.genlab.common.nn;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a Java kernel's samples over as many threads as ND4J's native pool has (OMP_NUM_THREADS, as the launcher
 * and surefire set it; all cores when unset), so a kernel scales like the native ops around it. The caller runs the
 * first range itself.
 */
final class KernelThreads {
    private static volatile int threads = threads();
    /** Daemon workers made on demand and kept while busy (idle ones end after a minute). */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "genlab-kernel");
        t.setDaemon(true);
        return t;
    });

    /** Work over the sample range [from, to); {@code part} numbers the range (0 .. parts − 1). */
    interface Range {
        void run(int part, int from, int to);
    }

    private KernelThreads() {
    }

    /** How many ranges {@link #run} splits {@code n} items into, at least {@code grain} items each (one range when fewer). */
    static int parts(int n, int grain) {
        return Math.max(1, Math.min(threads, n / Math.max(1, grain)));
    }

    /**
     * Runs {@code body} over {@link #parts} contiguous ranges of [0, n), in parallel; returns when all are done.
     * {@code grain}: the fewest items worth a thread (handing a range to another thread costs microseconds).
     */
    static void run(int n, int grain, Range body) {
        int parts = parts(n, grain);
        if (parts == 1) {
            body.run(0, 0, n);
            return;
        }
        Future<?>[] others = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            others[p - 1] = POOL.submit(() -> body.run(part, start(n, parts, part), start(n, parts, part + 1)));
        }
        body.run(0, 0, start(n, parts, 1));
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a kernel ran", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Sets the thread count (tests run the parallel paths under surefire's one thread); returns the previous one. */
    static int setThreads(int count) {
        int previous = threads;
        threads = Math.max(1, count);
        return previous;
    }

    private static int start(int n, int parts, int part) {
        return (int) ((long) n * part / parts);
    }

    private static int threads() {
        String own = System.getProperty("genlab.kernelThreads");   // for A/B runs; defaults to ND4J's count
        String omp = own != null ? own : System.getenv("OMP_NUM_THREADS");
        try {
            if (omp != null && !omp.isBlank()) return Math.max(1, Integer.parseInt(omp.trim()));
        } catch (NumberFormatException e) {
            // fall through: ND4J ignores a malformed value too
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
