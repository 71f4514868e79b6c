package org.genlab.diffusion.sde;

import org.genlab.common.backend.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Helpers for batches laid out as [n, dims...] with one time (or coefficient) per sample, the layout every SDE,
 * sampler and likelihood function here uses. Per-sample coefficients are computed in Java doubles (they are
 * closed-form functions of t) and broadcast over the non-batch dimensions.
 */
public final class PerSample {
    private PerSample() {
    }

    /** Batch size of x (its first dimension). */
    public static int batch(INDArray x) {
        if (x.rank() < 1) throw new IllegalArgumentException("expected a batch [n, dims...], got a scalar");
        return Math.toIntExact(x.size(0));
    }

    /** Number of values per sample: the product of the non-batch dimensions (D in the bits/dim formula). */
    public static long dims(INDArray x) {
        long d = 1;
        for (int i = 1; i < x.rank(); i++) d *= x.size(i);
        return d;
    }

    /** Times as n doubles: t may hold n values or one value (a scalar broadcast to the whole batch). */
    public static double[] times(INDArray t, int n) {
        double[] v = toDoubles(t);
        if (v.length == n) return v;
        if (v.length == 1) {
            double[] out = new double[n];
            Arrays.fill(out, v[0]);
            return out;
        }
        throw new IllegalArgumentException("time must have 1 or " + n + " values (one per sample), got " + v.length);
    }

    /** A time vector of n copies of t, in the given dtype. */
    public static INDArray fill(double t, int n, DataType dtype) {
        return Nd4j.valueArrayOf(new long[]{n}, t, dtype);
    }

    /** A [n] vector holding v. */
    public static INDArray vector(double[] v, DataType dtype) {
        return HostArrays.of(v, dtype, v.length);
    }

    /** x[i, ...]·c[i], as a new array; a constant c uses a plain scalar multiply. */
    public static INDArray scale(INDArray x, double[] c) {
        if (c.length != x.size(0)) {
            throw new IllegalArgumentException("coefficient count " + c.length + " does not match batch " + x.size(0));
        }
        if (isConstant(c)) return x.mul(c[0]);
        INDArray cv = vector(c, x.dataType());
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, cv, out, 0));
        return out;
    }

    /** Sum over the non-batch dimensions: a [n] vector. */
    public static INDArray sum(INDArray x) {
        return x.reshape(x.size(0), dims(x)).sum(1);
    }

    /** Per-sample Euclidean norms over the non-batch dimensions. */
    public static double[] norms(INDArray x) {
        return toDoubles(x.reshape(x.size(0), dims(x)).norm2(1));
    }

    /** All values of a (in C order) as a fresh double[] (safe for views, whose buffer holds more than the view). */
    public static double[] toDoubles(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    static boolean isConstant(double[] c) {
        for (int i = 1; i < c.length; i++) if (c[i] != c[0]) return false;
        return true;
    }

    /** Element-wise map of a per-sample double array. */
    public static double[] map(double[] t, java.util.function.DoubleUnaryOperator f) {
        double[] out = new double[t.length];
        if (t.length > 0 && isConstant(t)) {
            // samplers pass one time for the whole batch: evaluate the closed form once
            Arrays.fill(out, f.applyAsDouble(t[0]));
            return out;
        }
        for (int i = 0; i < t.length; i++) out[i] = f.applyAsDouble(t[i]);
        return out;
    }
}
