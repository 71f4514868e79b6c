package org.genlab.common.nn;

import jdk.incubator.vector.FloatVector;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * One element-wise activation as a {@link JavaKernels} kernel: one vectorised pass per direction on ND4J's native
 * buffers, instead of SameDiff's chain of ops and backprops (SiLU: sigmoid, product and their backprops, where
 * libnd4j's sigmoid is a scalar libm loop at 2.2 ns per element and sigmoid_bp calls a std::function per element;
 * softplus: seven ops; ReLU: three, docs/benchmarks.md). A training forward pass keeps f′(x) (Pointwise), so the
 * backward pass is one product.
 */
final class PointwiseNode implements JavaKernels.Kernel {
    /**
     * Elements worth a second thread. Waking a pool thread while libnd4j's OpenMP threads spin costs more than an
     * MLP's [128, 512] activation takes: at 2 threads mlp-adam ran 8.2–8.4 ms with 32k-element ranges and 7.1 ms
     * with one thread per kernel.
     */
    private static final int GRAIN = 1 << 18;

    private final Pointwise function;
    /** f′ at the last training forward pass's inputs. */
    private float[] slope = new float[0];
    private long[] keptShape;
    /** The length of the row operand the last training forward pass added ({@link #forwardSum}); 0 for none. */
    private int rowWidth;

    /** {@code activation}: one that {@link JavaKernels} gives a kernel (SiLU, softplus, ReLU). */
    PointwiseNode(Activation activation) {
        this.function = Pointwise.valueOf(activation.name());
    }

    @Override
    public void forward(INDArray in, INDArray out, boolean keepForBackward) {
        int len = checkedLength(in);
        keptShape = keepForBackward ? in.shape() : null;
        rowWidth = 0;
        if (keepForBackward && slope.length != len) slope = new float[len];
        float[] keep = keepForBackward ? slope : null;
        INDArray src = JavaKernels.denseSource(in), dst = JavaKernels.denseTarget(out);
        ByteBuffer x = JavaKernels.bytes(src), y = JavaKernels.bytes(dst);
        Pointwise f = function;
        KernelThreads.run(len, GRAIN, (part, from, to) -> apply(f, x, y, keep, from, to));
        JavaKernels.finish(dst, out);
    }

    /**
     * y = f(a + b) straight from the operands when b is a's shape or a row broadcast along a's last axis (a bias, a
     * time embedding's projection), in chunks that stay in L1 between the sum and f. Not faster than ND4J's add
     * followed by f on its own (ReLU on [256, 512]: 58–71 µs against 20 + 37 µs), but plans then skip the add op,
     * and the kernel keeps the row's width, so that its backward pass sums the row's gradient itself.
     */
    @Override
    public boolean forwardSum(INDArray a, INDArray b, INDArray out, boolean keepForBackward) {
        int width = broadcastWidth(a, b, out);
        rowWidth = 0;
        if (width <= 0) return false;
        int len = checkedLength(out);
        if (keepForBackward && width < len) rowWidth = width;
        keptShape = keepForBackward ? out.shape() : null;
        if (keepForBackward && slope.length != len) slope = new float[len];
        float[] keep = keepForBackward ? slope : null;
        INDArray dst = JavaKernels.denseTarget(out);
        ByteBuffer x = JavaKernels.bytes(JavaKernels.denseSource(a)), row = JavaKernels.bytes(JavaKernels.denseSource(b));
        ByteBuffer y = JavaKernels.bytes(dst);
        Pointwise f = function;
        KernelThreads.run(len, GRAIN, (part, from, to) -> {
            for (int start = from; start < to; start += SUM_CHUNK) {
                int stop = Math.min(to, start + SUM_CHUNK);
                for (int i = start; i < stop; ) {
                    int col = i % width, end = Math.min(stop, i + width - col);
                    add(x, row, y, i, end, col);
                    i = end;
                }
                apply(f, y, y, keep, start, stop);
            }
        });
        JavaKernels.finish(dst, out);
        return true;
    }

    @Override
    public boolean fusesSum() {
        return true;
    }

    /** Elements per chunk of {@link #forwardSum}: 16 KB, summed and then activated while in L1. */
    private static final int SUM_CHUNK = 4096;

    /**
     * The length of b's repeating unit in a + b: a's length when b has a's shape, the last axis when b is a row
     * ([c] or [1, …, 1, c]) broadcast along it; 0 for any other case (a broadcast along other axes, or a smaller
     * than the sum), which the caller computes with ND4J's add first.
     */
    private static int broadcastWidth(INDArray a, INDArray b, INDArray out) {
        if (a.dataType() != DataType.FLOAT || b.dataType() != DataType.FLOAT || !Arrays.equals(a.shape(), out.shape())
                || a.rank() == 0 || a.length() > Integer.MAX_VALUE) {
            return 0;
        }
        if (Arrays.equals(b.shape(), a.shape())) return (int) a.length();
        long c = a.size(a.rank() - 1);
        if (b.length() != c || b.rank() > a.rank()) return 0;
        for (int i = 0; i < b.rank() - 1; i++) if (b.size(i) != 1) return 0;
        return b.rank() == 0 || b.size(b.rank() - 1) == c ? (int) c : 0;
    }

    /** y = f(x) on [from, to), f′(x) into {@code keep} when that is not null. {@code y} may be {@code x}. */
    private static void apply(Pointwise f, ByteBuffer x, ByteBuffer y, float[] keep, int from, int to) {
        int tail = switch (f) {
            case SILU -> silu(x, y, keep, from, to);
            case SOFTPLUS -> softplus(x, y, keep, from, to);
            case RELU -> relu(x, y, keep, from, to);
        };
        tail(f, x, y, keep, tail, to);
    }

    /** y = x + row[col + (i − from)] on [from, to), a stretch of one row. */
    private static void add(ByteBuffer x, ByteBuffer row, ByteBuffer y, int from, int to, int col) {
        int i = from, shift = col - from;
        for (int bound = from + Lanes.SP.loopBound(to - from); i < bound; i += Lanes.SP.length()) {
            Lanes.store(Lanes.load(x, i).add(Lanes.load(row, i + shift)), y, i);
        }
        for (; i < to; i++) y.putFloat(i << 2, x.getFloat(i << 2) + row.getFloat((i + shift) << 2));
    }

    @Override
    public void backward(INDArray gradOut, INDArray gradIn) {
        if (keptShape == null || !Arrays.equals(keptShape, gradOut.shape())) {
            throw new IllegalStateException(function + " kernel: backward pass for shape " + Arrays.toString(gradOut.shape())
                    + " without a training forward pass of that shape before it");
        }
        int len = checkedLength(gradOut);
        float[] k = slope;
        INDArray src = JavaKernels.denseSource(gradOut), dst = JavaKernels.denseTarget(gradIn);
        ByteBuffer d = JavaKernels.bytes(src), dx = JavaKernels.bytes(dst);
        int width = rowWidth;
        if (width == 0) {
            KernelThreads.run(len, GRAIN, (part, from, to) -> chain(k, d, dx, from, to));
        } else {
            // The row operand's gradient: dx summed over rows, per block of rows in the same pass, then over blocks
            // in order, so the sums do not depend on the thread count.
            int rows = len / width, blocks = (rows + SUM_ROWS - 1) / SUM_ROWS;
            float[] partial = new float[blocks * width];
            KernelThreads.run(blocks, Math.max(1, GRAIN / (SUM_ROWS * width)), (part, from, to) -> {
                for (int blk = from; blk < to; blk++) {
                    for (int r = blk * SUM_ROWS, end = Math.min(rows, r + SUM_ROWS); r < end; r++) {
                        chainAndSum(k, d, dx, r * width, width, partial, blk * width);
                    }
                }
            });
            float[] total = rowGradient.length == width ? rowGradient : (rowGradient = new float[width]);
            System.arraycopy(partial, 0, total, 0, width);
            for (int blk = 1; blk < blocks; blk++) for (int j = 0; j < width; j++) total[j] += partial[blk * width + j];
        }
        rowGradientReady = width > 0;
        JavaKernels.finish(dst, gradIn);
    }

    /** Rows per block of {@link #backward}'s row sums. */
    private static final int SUM_ROWS = 32;

    /** The last backward pass's dx summed over rows, when the forward pass added a row operand ({@link #forwardSum}). */
    private float[] rowGradient = new float[0];
    private boolean rowGradientReady;

    @Override
    public boolean sumGradientInto(INDArray target) {
        if (!rowGradientReady || target.length() != rowWidth || target.dataType() != DataType.FLOAT) return false;
        INDArray dst = JavaKernels.denseTarget(target);
        JavaKernels.bytes(dst).asFloatBuffer().put(0, rowGradient, 0, rowWidth);
        JavaKernels.finish(dst, target);
        return true;
    }

    /** dx = d·f′ on one row [at, at + width), and sums[sumAt + j] += dx[at + j]. */
    private static void chainAndSum(float[] slope, ByteBuffer d, ByteBuffer dx, int at, int width, float[] sums, int sumAt) {
        int j = 0;
        for (int bound = Lanes.SP.loopBound(width); j < bound; j += Lanes.SP.length()) {
            FloatVector v = Lanes.load(d, at + j).mul(FloatVector.fromArray(Lanes.SP, slope, at + j));
            Lanes.store(v, dx, at + j);
            FloatVector.fromArray(Lanes.SP, sums, sumAt + j).add(v).intoArray(sums, sumAt + j);
        }
        for (; j < width; j++) {
            float v = d.getFloat((at + j) << 2) * slope[at + j];
            dx.putFloat((at + j) << 2, v);
            sums[sumAt + j] += v;
        }
    }

    @Override
    public Map<String, INDArray> parameterGradients() {
        return Map.of();
    }

    private int checkedLength(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.length() > Integer.MAX_VALUE) {
            throw new IllegalStateException(function + " kernel got a " + a.dataType() + " array of " + a.length() + " elements");
        }
        return (int) a.length();
    }

    /** dx = d·f′ on [from, to). {@code dx} may be {@code d}. */
    private static void chain(float[] slope, ByteBuffer d, ByteBuffer dx, int from, int to) {
        int i = from;
        for (int bound = from + Lanes.SP.loopBound(to - from); i < bound; i += Lanes.SP.length()) {
            Lanes.store(Lanes.load(d, i).mul(FloatVector.fromArray(Lanes.SP, slope, i)), dx, i);
        }
        for (; i < to; i++) dx.putFloat(i << 2, d.getFloat(i << 2) * slope[i]);
    }

    /** The scalar tail [i, to) of a forward pass: y = f(x), and f′(x) into {@code keep} when that is not null. */
    static void tail(Pointwise f, ByteBuffer x, ByteBuffer y, float[] keep, int i, int to) {
        for (; i < to; i++) {
            float v = x.getFloat(i << 2);
            if (keep != null) keep[i] = f.df(v);
            y.putFloat(i << 2, f.f(v));
        }
    }

    // The vector loops of the forward pass, one per function, each compiled on its own (VectorLoopDirectives); each
    // returns where its scalar tail starts.

    /** Also GroupNormKernel's SiLU, run in place (y = x). */
    static int silu(ByteBuffer x, ByteBuffer y, float[] keep, int from, int to) {
        int i = from;
        for (int bound = from + Lanes.SP.loopBound(to - from); i < bound; i += Lanes.SP.length()) {
            FloatVector v = Lanes.load(x, i);
            FloatVector s = Pointwise.sigmoidFromExpNeg(Lanes.exp(v.neg()));
            Lanes.store(Pointwise.silu(v, s), y, i);
            if (keep != null) Pointwise.siluDerivative(v, s).intoArray(keep, i);
        }
        return i;
    }

    /** Elements per softplus chunk, whose e^−|x| waits in a heap array between the chunk's two loops. */
    private static final int SOFTPLUS_CHUNK = 1024;

    /**
     * Softplus in chunks of two loops, {@link #softplusExp} and {@link #softplusFinish}: one loop for all of it
     * held too many vector operations for C2's inlining budget (VectorLoopDirectives) and boxed its vectors. The
     * sign of x travels with e, which is all softplus′ needs besides e.
     */
    private static int softplus(ByteBuffer x, ByteBuffer y, float[] keep, int from, int to) {
        int end = from + Lanes.SP.loopBound(to - from);
        float[] e = new float[SOFTPLUS_CHUNK];
        for (int start = from; start < end; start += SOFTPLUS_CHUNK) {
            int stop = Math.min(end, start + SOFTPLUS_CHUNK);
            softplusExp(x, e, start, stop);
            softplusFinish(x, y, e, keep, start, stop);
        }
        return end;
    }

    /** ±e^−|x| with x's sign into {@code e[0, to − from)}, for x on [from, to). */
    private static void softplusExp(ByteBuffer x, float[] e, int from, int to) {
        for (int i = from; i < to; i += Lanes.SP.length()) {
            FloatVector v = Lanes.load(x, i);
            Pointwise.signed(Lanes.exp(v.abs().neg()), v).intoArray(e, i - from);
        }
    }

    /** y = softplus(x) on [from, to) from x and {@link #softplusExp}'s e; softplus′ into {@code keep} when that is not null. */
    private static void softplusFinish(ByteBuffer x, ByteBuffer y, float[] e, float[] keep, int from, int to) {
        for (int i = from; i < to; i += Lanes.SP.length()) {
            FloatVector k = FloatVector.fromArray(Lanes.SP, e, i - from);
            Lanes.store(Pointwise.softplus(Lanes.load(x, i), k.abs()), y, i);
            if (keep != null) Pointwise.softplusDerivative(k).intoArray(keep, i);
        }
    }

    private static int relu(ByteBuffer x, ByteBuffer y, float[] keep, int from, int to) {
        int i = from;
        for (int bound = from + Lanes.SP.loopBound(to - from); i < bound; i += Lanes.SP.length()) {
            FloatVector v = Lanes.load(x, i);
            Lanes.store(v.max(0f), y, i);
            if (keep != null) Pointwise.reluDerivative(v).intoArray(keep, i);
        }
        return i;
    }
}
