package org.genlab.common.math;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact optimal-transport cost between two equal-size point sets (uniform empirical measures): an optimal
 * coupling is a permutation (Birkhoff), found by {@link Hungarian}. With the Euclidean cost this is W₁; the
 * (q,p)-WGAN cost c(x,y) = ‖x − y‖_q^p / p (MATH.md §5.7) is also supported. Used for the Stanczuk batch-W₁ test
 * and to judge critics' W₁ estimates (MATH.md §7).
 */
public final class ExactW1 {
    /**
     * @param cost       mean cost (1/n) Σ_i c(x_i, y_{assignment[i]}) of the optimal matching
     * @param assignment row of y matched to each row of x
     */
    public record Result(double cost, int[] assignment) {
    }

    private ExactW1() {
    }

    /** W₁ under the Euclidean distance. */
    public static Result euclidean(double[][] x, double[][] y) {
        return solve(x, y, 2, 1);
    }

    /** W₁ under the Euclidean distance for [n, ...] arrays (flattened per row). */
    public static Result euclidean(INDArray x, INDArray y) {
        return solve(rows(x), rows(y), 2, 1);
    }

    public static Result euclidean(float[][] x, float[][] y) {
        return solve(toDouble(x), toDouble(y), 2, 1);
    }

    /** Optimal mean cost under c(x, y) = ‖x − y‖_q^p / p, q ≥ 1, p &gt; 0. */
    public static Result solve(double[][] x, double[][] y, double q, double p) {
        double[][] c = costMatrix(x, y, q, p);
        int[] a = Hungarian.solve(c);
        return new Result(Hungarian.totalCost(c, a) / x.length, a);
    }

    public static Result solve(INDArray x, INDArray y, double q, double p) {
        return solve(rows(x), rows(y), q, p);
    }

    /** c_ij = ‖x_i − y_j‖_q^p / p. */
    public static double[][] costMatrix(double[][] x, double[][] y, double q, double p) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("exact W1 needs equal-size sets, got " + x.length + " and " + y.length);
        }
        if (x.length == 0) throw new IllegalArgumentException("exact W1 of empty point sets");
        if (!(q >= 1) || !(p > 0)) throw new IllegalArgumentException("need q >= 1 and p > 0, got q=" + q + ", p=" + p);
        int n = x.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) c[i][j] = Math.pow(qNorm(x[i], y[j], q), p) / p;
        }
        return c;
    }

    private static double qNorm(double[] a, double[] b, double q) {
        if (a.length != b.length) throw new IllegalArgumentException("points of dimensions " + a.length + " and " + b.length);
        double s = 0;
        if (q == 2) {
            for (int k = 0; k < a.length; k++) {
                double d = a[k] - b[k];
                s += d * d;
            }
            return Math.sqrt(s);
        }
        if (q == 1) {
            for (int k = 0; k < a.length; k++) s += Math.abs(a[k] - b[k]);
            return s;
        }
        for (int k = 0; k < a.length; k++) s += Math.pow(Math.abs(a[k] - b[k]), q);
        return Math.pow(s, 1 / q);
    }

    /** Rows of an [n, ...] array as double[n][prod(rest)]. */
    public static double[][] rows(INDArray a) {
        if (a.rank() < 1) throw new IllegalArgumentException("need an [n, ...] array, got a scalar");
        long n = a.size(0);
        return a.reshape('c', n, a.length() / Math.max(n, 1)).toDoubleMatrix();
    }

    private static double[][] toDouble(float[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) out[i][j] = a[i][j];
        }
        return out;
    }
}
