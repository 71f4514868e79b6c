package org.genlab.common.math;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Householder reflection T = I − 2uuᵀ with u = (a − b)/‖a − b‖, the orthogonal symmetric map with T a = b
 * (MATH.md §1.3 form 2). The vMF sampler uses a = e₁, b = μ to turn a sample around e₁ into one around μ
 * (§3.3). When ‖a − b‖ &lt; {@value #IDENTITY_GUARD} the map is the identity, which is exact to that tolerance and
 * avoids dividing by a vanishing norm (the reference code adds 1e−5 to the norm instead). For a = e₁ the first
 * component of e₁ − μ uses Parlett's cancellation-free form, so T e₁ = μ to rounding even just above the guard.
 */
public final class Householder {
    public static final double IDENTITY_GUARD = 1e-6;
    /** Unit normal of the mirror, or null for the identity. */
    private final double[] u;

    private Householder(double[] u) {
        this.u = u;
    }

    /**
     * The reflection that maps a to b. a and b must have the same length and the same norm (else no reflection
     * maps one to the other).
     */
    public static Householder mapping(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        double na = norm(a);
        double nb = norm(b);
        if (Math.abs(na - nb) > 1e-6 * Math.max(1, na)) {
            throw new IllegalArgumentException("a reflection maps a to b only if |a| = |b|; got " + na + " and " + nb);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        double n = norm(d);
        if (n < IDENTITY_GUARD) return new Householder(null);
        for (int i = 0; i < d.length; i++) d[i] /= n;
        return new Householder(d);
    }

    /** The reflection that maps e₁ to the unit vector μ. */
    public static Householder fromE1(double[] mu) {
        double n = norm(mu);
        if (Math.abs(n - 1) > 1e-6) throw new IllegalArgumentException("mu must be a unit vector, has norm " + n);
        return fromE1Unchecked(mu);
    }

    public boolean isIdentity() {
        return u == null;
    }

    /** T x = x − 2(x·u)u, as a new array. */
    public double[] apply(double[] x) {
        double[] out = x.clone();
        if (u == null) return out;
        if (x.length != u.length) throw new IllegalArgumentException("length " + x.length + ", expected " + u.length);
        double dot = 0;
        for (int i = 0; i < x.length; i++) dot += x[i] * u[i];
        for (int i = 0; i < x.length; i++) out[i] -= 2 * dot * u[i];
        return out;
    }

    /** The matrix I − 2uuᵀ. */
    public double[][] matrix(int dim) {
        double[][] t = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            t[i][i] = 1;
            if (u == null) continue;
            for (int j = 0; j < dim; j++) t[i][j] -= 2 * u[i] * u[j];
        }
        return t;
    }

    /**
     * Row i of the result is T(μ_i) x_i, where T(μ) maps e₁ to μ. mu has one row per row of x, or a single row
     * shared by all; rows of mu are assumed to be unit vectors.
     */
    public static double[][] mapE1(double[][] mu, double[][] x) {
        checkRows(mu.length, x.length);
        double[][] out = new double[x.length][];
        Householder shared = mu.length == 1 ? fromE1Unchecked(mu[0]) : null;
        for (int i = 0; i < x.length; i++) {
            Householder t = shared != null ? shared : fromE1Unchecked(mu[i]);
            out[i] = t.apply(x[i]);
        }
        return out;
    }

    /** {@link #mapE1(double[][], double[][])} on [n, m] arrays (mu [n, m] or [1, m]), in x's data type. */
    public static INDArray mapE1(INDArray mu, INDArray x) {
        if (mu.rank() != 2 || x.rank() != 2 || mu.size(1) != x.size(1)) {
            throw new IllegalArgumentException("mapE1 needs mu [n|1, m] and x [n, m], got "
                    + Arrays.toString(mu.shape()) + " and " + Arrays.toString(x.shape()));
        }
        long n = x.size(0);
        checkRows(mu.size(0), n);
        INDArray diff = mu.castTo(x.dataType()).neg();
        long m = mu.size(1);
        double[] first = mu.get(NDArrayIndex.all(), NDArrayIndex.point(0)).toDoubleVector();
        double[] rest = m == 1 ? new double[first.length]
                : mu.get(NDArrayIndex.all(), NDArrayIndex.interval(1, m)).castTo(DataType.DOUBLE)
                .norm2(1).toDoubleVector();
        double[] d0 = new double[first.length];
        for (int i = 0; i < d0.length; i++) d0[i] = oneMinusFirst(first[i], rest[i] * rest[i]);
        diff.get(NDArrayIndex.all(), NDArrayIndex.point(0)).assign(Nd4j.createFromArray(d0).castTo(x.dataType()));
        double[] norms = diff.norm2(1).toDoubleVector();
        double[] scale = new double[norms.length];
        for (int i = 0; i < norms.length; i++) scale[i] = norms[i] < IDENTITY_GUARD ? 0 : 1 / norms[i];
        INDArray u = diff.mulColumnVector(Nd4j.createFromArray(scale).reshape(norms.length, 1).castTo(x.dataType()));
        if (u.size(0) != n) u = Nd4j.ones(x.dataType(), n, 1).mmul(u);
        INDArray dot = x.mul(u).sum(true, 1);
        return x.sub(u.mulColumnVector(dot).muli(2));
    }

    private static Householder fromE1Unchecked(double[] mu) {
        double[] d = mu.clone();
        for (int i = 0; i < d.length; i++) d[i] = -d[i];
        d[0] = oneMinusFirst(mu[0], sumSquaresAfterFirst(mu));
        double n = norm(d);
        if (n < IDENTITY_GUARD) return new Householder(null);
        for (int i = 0; i < d.length; i++) d[i] /= n;
        return new Householder(d);
    }

    /**
     * 1 − μ₀ for a unit μ. Near e₁ the direct difference cancels and leaves u (hence T e₁) accurate only to
     * ε/‖e₁ − μ‖; Parlett's form 1 − μ₀ = (μ₁² + … + μ_{m−1}²)/(1 + μ₀) keeps full relative accuracy.
     */
    private static double oneMinusFirst(double mu0, double sumSquaresRest) {
        return mu0 > 0 ? sumSquaresRest / (1 + mu0) : 1 - mu0;
    }

    private static double sumSquaresAfterFirst(double[] v) {
        double s = 0;
        for (int i = 1; i < v.length; i++) s += v[i] * v[i];
        return s;
    }

    private static void checkRows(long muRows, long xRows) {
        if (muRows != xRows && muRows != 1) {
            throw new IllegalArgumentException("mu must have 1 row or as many rows as x: " + muRows + " vs " + xRows);
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) s += d * d;
        return Math.sqrt(s);
    }
}
