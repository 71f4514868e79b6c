package org.genlab.common.nn;

import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Java kernels' vector loops settle, once C2 has compiled them, into running without heap allocation. A loop
 * in which C2 left a Vector API call out of line boxes the vectors it touches, about 100 bytes per 16 floats
 * (VectorLoopDirectives, Pointwise), and runs several times slower; that showed up only through allocation, so
 * this test measures allocation, not time. All three pointwise functions run in one JVM, as they do in a training
 * run, which is what once pushed loops over C2's inlining budget. Each measurement repeats until the steady state
 * is reached or a deadline passes (the JIT compiles in the background).
 */
class KernelAllocationTest {
    private static final long DEADLINE_NANOS = 60_000_000_000L;
    private static int previousThreads;

    @BeforeAll
    static void oneThread() {
        VectorLoopDirectives.install();   // as JavaKernels does before any kernel runs
        previousThreads = KernelThreads.setThreads(1);   // allocation is counted on the calling thread
    }

    @AfterAll
    static void restore() {
        KernelThreads.setThreads(previousThreads);
    }

    @Test
    void pointwiseKernelsRunWithoutAllocating() {
        INDArray x = GradCheck.uniform(3, 64, 512).subi(0.5).muli(12).castTo(DataType.FLOAT), y = x.ulike(), g = x.ulike();
        PointwiseNode[] nodes = {new PointwiseNode(Activation.RELU), new PointwiseNode(Activation.SOFTPLUS),
                new PointwiseNode(Activation.SILU)};
        // Boxed loops allocated 200-800 KB per forward + backward of [64, 512]; working ones about 0.3 KB.
        long perCall = steadyAllocation(() -> {
            for (PointwiseNode n : nodes) {
                n.forward(x, y, true);
                n.backward(x, g);
            }
        }, 3 * 16 * 1024);
        assertTrue(perCall <= 3 * 16 * 1024, "pointwise kernels still allocate " + perCall + " bytes per three forward + backward passes");
    }

    @Test
    void groupNormKernelRunsWithoutAllocating() {
        int n = 64, c = 32, positions = 28 * 28, len = n * c * positions;
        ByteBuffer in = ByteBuffer.allocateDirect(len * 4).order(ByteOrder.nativeOrder());
        ByteBuffer out = ByteBuffer.allocateDirect(len * 4).order(ByteOrder.nativeOrder());
        in.asFloatBuffer().put(GradCheck.uniform(4, len).castTo(DataType.FLOAT).toFloatVector());
        float[] gamma = new float[c], beta = new float[c], xhat = new float[len], slope = new float[len], rstd = new float[n * 8];
        java.util.Arrays.fill(gamma, 1.5f);
        float[] dg = new float[n * c], db = new float[n * c], sums = new float[n * c];
        GroupNormKernel silu = new GroupNormKernel(c, 8, 1e-5, true), plain = new GroupNormKernel(c, 8, 1e-5, false);
        // Boxed loops allocated 19-48 MB per forward + backward of [64, 32, 28, 28]; working ones a few hundred bytes.
        long perCall = steadyAllocation(() -> {
            silu.forward(in, positions, gamma, beta, out, xhat, slope, rstd, 0, n);
            silu.backward(in, xhat, slope, positions, gamma, rstd, out, dg, db, sums, 0, n);
            plain.forward(in, positions, gamma, beta, out, xhat, null, rstd, 0, n);
            plain.backward(in, xhat, null, positions, gamma, rstd, out, dg, db, sums, 0, n);
        }, 64 * 1024);
        assertTrue(perCall <= 64 * 1024, "GroupNorm kernel still allocates " + perCall + " bytes per two forward + backward passes");
    }

    /** Runs {@code body} in rounds until one round allocates at most {@code bound} bytes per call or the deadline passes; the last round's bytes per call. */
    private static long steadyAllocation(Runnable body, long bound) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId(), start = System.nanoTime(), perCall;
        int rounds = 20;
        do {
            long before = mx.getThreadAllocatedBytes(id);
            for (int i = 0; i < rounds; i++) body.run();
            perCall = (mx.getThreadAllocatedBytes(id) - before) / rounds;
        } while (perCall > bound && System.nanoTime() - start < DEADLINE_NANOS);
        return perCall;
    }
}
