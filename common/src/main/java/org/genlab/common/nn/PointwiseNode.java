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
 * softplus: seven ops; ReLU: three, docs/benchmarks.md). The backward pass uses the input kept by the forward pass.
 */
final class PointwiseNode implements JavaKernels.Kernel {
    /**
     * Elements worth a second thread. Waking a pool thread while libnd4j's OpenMP threads spin costs more than an
     * MLP's [128, 512] activation takes: at 2 threads mlp-adam ran 8.2–8.4 ms with 32k-element ranges and 7.1 ms
     * with one thread per kernel.
     */
    private static final int GRAIN = 1 << 18;

    private final Pointwise function;
    private float[] kept = new float[0];
    private long[] keptShape;

    /** {@code activation}: one that {@link JavaKernels} gives a kernel (SiLU, softplus, ReLU). */
    PointwiseNode(Activation activation) {
        this.function = Pointwise.valueOf(activation.name());
    }

    @Override
    public void forward(INDArray in, INDArray out, boolean keepForBackward) {
        int len = checkedLength(in);
        keptShape = keepForBackward ? in.shape() : null;
        float[] keep = keepForBackward ? kept(len) : null;
        INDArray src = JavaKernels.denseSource(in), dst = JavaKernels.denseTarget(out);
        ByteBuffer x = JavaKernels.bytes(src), y = JavaKernels.bytes(dst);
        KernelThreads.run(len, GRAIN, (part, from, to) -> forward(x, y, keep, from, to));
        JavaKernels.finish(dst, out);
    }

    @Override
    public void backward(INDArray gradOut, INDArray gradIn) {
        if (keptShape == null || !Arrays.equals(keptShape, gradOut.shape())) {
            throw new IllegalStateException(function + " kernel: backward pass for shape " + Arrays.toString(gradOut.shape())
                    + " without a training forward pass of that shape before it");
        }
        int len = checkedLength(gradOut);
        float[] x = kept;
        INDArray src = JavaKernels.denseSource(gradOut), dst = JavaKernels.denseTarget(gradIn);
        ByteBuffer d = JavaKernels.bytes(src), dx = JavaKernels.bytes(dst);
        KernelThreads.run(len, GRAIN, (part, from, to) -> backward(x, d, dx, from, to));
        JavaKernels.finish(dst, gradIn);
    }

    @Override
    public Map<String, INDArray> parameterGradients() {
        return Map.of();
    }

    private float[] kept(int len) {
        if (kept.length != len) kept = new float[len];
        return kept;
    }

    private int checkedLength(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.length() > Integer.MAX_VALUE) {
            throw new IllegalStateException(function + " kernel got a " + a.dataType() + " array of " + a.length() + " elements");
        }
        return (int) a.length();
    }

    /** y = f(x) on [from, to); x also into {@code keep} when that is not null. */
    private void forward(ByteBuffer x, ByteBuffer y, float[] keep, int from, int to) {
        int i = from;
        for (int bound = from + Lanes.SP.loopBound(to - from); i < bound; i += Lanes.SP.length()) {
            FloatVector v = Lanes.load(x, i);
            if (keep != null) v.intoArray(keep, i);
            Lanes.store(function.f(v), y, i);
        }
        for (; i < to; i++) {
            float v = x.getFloat(i << 2);
            if (keep != null) keep[i] = v;
            y.putFloat(i << 2, function.f(v));
        }
    }

    /** dx = d·f′(x) on [from, to). */
    private void backward(float[] x, ByteBuffer d, ByteBuffer dx, int from, int to) {
        int i = from;
        for (int bound = from + Lanes.SP.loopBound(to - from); i < bound; i += Lanes.SP.length()) {
            FloatVector v = FloatVector.fromArray(Lanes.SP, x, i);
            Lanes.store(Lanes.load(d, i).mul(function.df(v)), dx, i);
        }
        for (; i < to; i++) dx.putFloat(i << 2, d.getFloat(i << 2) * function.df(x[i]));
    }
}
