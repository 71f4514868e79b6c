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

    /**
     * A new [n, cols] array of {@code dtype} whose row i is row (i mod k) of the k rows in {@code rows} (row-major,
     * k·cols values), written straight into the array's buffer: a sampler's time features repeat one row for the
     * whole batch, and building the full Java array first cost 1.5 MB of heap per network evaluation.
     */
    public static INDArray tiledRows(double[] rows, int n, DataType dtype, long cols) {
        if (cols <= 0 || rows.length == 0 || rows.length % cols != 0) {
            throw new IllegalArgumentException(rows.length + " values are not whole rows of " + cols);
        }
        int k = (int) (rows.length / cols), c = (int) cols;
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            double[] all = new double[n * c];
            for (int i = 0; i < n; i++) System.arraycopy(rows, (i % k) * c, all, i * c, c);
            return of(all, dtype, n, cols);
        }
        INDArray out = Nd4j.createUninitialized(dtype, n, cols);
        if (dtype == DataType.DOUBLE) {
            java.nio.DoubleBuffer b = out.data().asNioDouble();
            for (int i = 0; i < n; i++) b.put(i * c, rows, (i % k) * c, c);
        } else {
            float[] f = new float[rows.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) rows[i];
            java.nio.FloatBuffer b = out.data().asNioFloat();
            for (int i = 0; i < n; i++) b.put(i * c, f, (i % k) * c, c);
        }
        return out;
    }

    /**
     * The values of {@code a} in C order into {@code into}, read straight from the buffer of a dense C-order float32
     * or float64 array; any other array goes through a cast and a copy first.
     */
    public static void copyTo(INDArray a, double[] into) {
        checkLength(into.length, a.shape());
        if (!(a.ordering() == 'c' && dense(a))) {
            a = a.castTo(DataType.DOUBLE).dup('c');
        }
        if (a.dataType() == DataType.FLOAT) {
            java.nio.FloatBuffer b = a.data().asNioFloat();
            for (int i = 0; i < into.length; i++) into[i] = b.get(i);
        } else if (a.dataType() == DataType.DOUBLE) {
            a.data().asNioDouble().get(0, into);
        } else {
            copyTo(a.castTo(DataType.DOUBLE).dup('c'), into);
        }
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
