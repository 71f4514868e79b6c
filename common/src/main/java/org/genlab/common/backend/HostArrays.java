package org.genlab.common.backend;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Java arrays into new c-order INDArrays with one bulk copy. {@code Nd4j.create(double[]/float[], shape)} writes its
 * buffer one element at a time through {@code DataBuffer.put}: 4.9 ms for 1000 × 128 doubles, against 0.14 ms
 * through the NIO view. Every training step builds its batch and its noise this way, so the copy matters.
 */
public final class HostArrays {
    private HostArrays() {
    }

    /** {@code data} (row-major) as a new array of {@code dtype}; values are rounded to float as a Java cast does. */
    public static INDArray of(double[] data, DataType dtype, long... shape) {
        checkLength(data.length, shape);
        if (data.length == 0 || (dtype != DataType.FLOAT && dtype != DataType.DOUBLE)) {
            return Nd4j.create(data, shape, DataType.DOUBLE).castTo(dtype);
        }
        INDArray out = Nd4j.createUninitialized(dtype, shape);
        if (dtype == DataType.DOUBLE) {
            out.data().asNioDouble().put(data);
        } else {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
            out.data().asNioFloat().put(f);
        }
        return out;
    }

    /** {@code data} (row-major) as a new array of {@code dtype}. */
    public static INDArray of(float[] data, DataType dtype, long... shape) {
        checkLength(data.length, shape);
        if (data.length == 0 || dtype != DataType.FLOAT) return Nd4j.create(data, shape, 'c').castTo(dtype);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        out.data().asNioFloat().put(data);
        return out;
    }

    /** Whether {@code a} fills its whole buffer in its own order's default strides (a flat view of it is the array). */
    public static boolean dense(INDArray a) {
        return a.offset() == 0 && a.data().length() == a.length() && Shape.hasDefaultStridesForShape(a);
    }

    private static void checkLength(int n, long[] shape) {
        long len = 1;
        for (long s : shape) len *= s;
        if (len != n) throw new IllegalArgumentException(n + " values cannot fill shape " + java.util.Arrays.toString(shape));
    }
}
