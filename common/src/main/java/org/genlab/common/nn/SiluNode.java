package org.genlab.common.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * One SiLU, x·σ(x), as a {@link JavaKernels} kernel. SameDiff builds it from a sigmoid and a product (four ops
 * with their backprops); libnd4j's sigmoid is a scalar libm loop (2.2 ns per element, docs/benchmarks.md) and its
 * sigmoid_bp calls a std::function per element. Here the Vector API's exp does it in one pass per direction, on
 * ND4J's native buffers.
 * Backward: d/dx x·σ(x) = σ(x)·(1 + x·(1 − σ(x))), from the input kept by the forward pass.
 */
final class SiluNode implements JavaKernels.Kernel {
    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(SP, 1f);

    /** Elements worth a second thread: ~20 µs of work. */
    private static final int GRAIN = 1 << 15;

    private float[] kept = new float[0];
    private long[] keptShape;

    SiluNode() {
    }

    @Override
    public void forward(INDArray in, INDArray out, boolean keepForBackward) {
        int len = checkedLength(in);
        keptShape = keepForBackward ? in.shape() : null;
        float[] keep = keepForBackward ? kept(len) : null;
        INDArray src = JavaKernels.denseSource(in), dst = JavaKernels.denseTarget(out);
        ByteBuffer x = JavaKernels.bytes(src), y = JavaKernels.bytes(dst);
        KernelThreads.run(len, GRAIN, (part, from, to) -> silu(x, y, keep, from, to));
        JavaKernels.finish(dst, out);
    }

    @Override
    public void backward(INDArray gradOut, INDArray gradIn) {
        if (keptShape == null || !Arrays.equals(keptShape, gradOut.shape())) {
            throw new IllegalStateException("SiLU kernel: backward pass for shape " + Arrays.toString(gradOut.shape())
                    + " without a training forward pass of that shape before it");
        }
        int len = checkedLength(gradOut);
        float[] x = kept;
        INDArray src = JavaKernels.denseSource(gradOut), dst = JavaKernels.denseTarget(gradIn);
        ByteBuffer d = JavaKernels.bytes(src), dx = JavaKernels.bytes(dst);
        KernelThreads.run(len, GRAIN, (part, from, to) -> siluBackward(x, d, dx, from, to));
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

    private static int checkedLength(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.length() > Integer.MAX_VALUE) {
            throw new IllegalStateException("SiLU kernel got a " + a.dataType() + " array of " + a.length() + " elements");
        }
        return (int) a.length();
    }

    /** y = x·σ(x) = x / (1 + e^−x) on [from, to); x also into {@code keep} when that is not null. */
    static void silu(ByteBuffer x, ByteBuffer y, float[] keep, int from, int to) {
        int i = from;
        for (int bound = from + SP.loopBound(to - from); i < bound; i += SP.length()) {
            FloatVector v = GroupNormKernel.load(x, i);
            if (keep != null) v.intoArray(keep, i);
            GroupNormKernel.store(v.div(v.neg().lanewise(VectorOperators.EXP).add(1f)), y, i);
        }
        for (; i < to; i++) {
            float v = x.getFloat(i << 2);
            if (keep != null) keep[i] = v;
            y.putFloat(i << 2, v / (1f + (float) Math.exp(-v)));
        }
    }

    /** dx = d·σ(x)·(1 + x·(1 − σ(x))) on [from, to). */
    static void siluBackward(float[] x, ByteBuffer d, ByteBuffer dx, int from, int to) {
        int i = from;
        for (int bound = from + SP.loopBound(to - from); i < bound; i += SP.length()) {
            FloatVector v = FloatVector.fromArray(SP, x, i);
            FloatVector s = ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            GroupNormKernel.store(GroupNormKernel.load(d, i).mul(s.mul(v.mul(ONE.sub(s)).add(1f))), dx, i);
        }
        for (; i < to; i++) {
            float s = 1f / (1f + (float) Math.exp(-x[i]));
            dx.putFloat(i << 2, d.getFloat(i << 2) * s * (1f + x[i] * (1f - s)));
        }
    }
}
