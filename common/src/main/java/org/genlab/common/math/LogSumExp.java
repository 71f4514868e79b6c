package org.genlab.common.math;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stable {@code lse(x) = log Σ exp(x_i)} by max-subtraction (MATH.md §1.1), on double[] and as a SameDiff
 * expression built from primitives, because SameDiff's own {@code logSumExp} has a broken backward pass
 * (DL4J_NOTES "Autodiff limits").
 */
public final class LogSumExp {
    private LogSumExp() {
    }

    /**
     * log Σ exp(x_i). Empty or all −∞ gives −∞; any +∞ gives +∞; any NaN gives NaN. The largest term is split off
     * and the rest summed through log1p, so a dominant entry keeps full relative accuracy.
     */
    public static double lse(double[] x) {
        return lse(x, 0, x.length);
    }

    /** log Σ_{i ∈ [from, to)} exp(x_i). */
    public static double lse(double[] x, int from, int to) {
        int argMax = -1;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            double v = x[i];
            if (Double.isNaN(v)) return Double.NaN;
            if (v > max || argMax < 0) {
                max = v;
                argMax = i;
            }
        }
        if (argMax < 0 || max == Double.NEGATIVE_INFINITY) return Double.NEGATIVE_INFINITY;
        if (max == Double.POSITIVE_INFINITY) return Double.POSITIVE_INFINITY;
        double rest = 0;
        for (int i = from; i < to; i++) {
            if (i != argMax) rest += Math.exp(x[i] - max);
        }
        return max + Math.log1p(rest);
    }

    /** log(e^a + e^b), the two-argument case. */
    public static double lse(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.NaN;
        double max = Math.max(a, b);
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) return max;
        return max + Math.log1p(Math.exp(Math.min(a, b) - max));
    }

    /**
     * log Σ w_i exp(x_i) for weights w_i ≥ 0; terms with w_i = 0 are dropped (even where x_i = +∞).
     *
     * @throws IllegalArgumentException on different lengths or a negative/NaN weight
     */
    public static double lseWeighted(double[] x, double[] w) {
        if (x.length != w.length) {
            throw new IllegalArgumentException("lseWeighted: " + x.length + " values but " + w.length + " weights");
        }
        double[] shifted = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (!(w[i] >= 0)) throw new IllegalArgumentException("lseWeighted: weight " + i + " is " + w[i]);
            shifted[i] = w[i] == 0 ? Double.NEGATIVE_INFINITY : x[i] + Math.log(w[i]);
        }
        return lse(shifted);
    }

    /**
     * log((1/n) Σ exp(x_i)) = lse(x) − log n: the importance-weighted log-likelihood estimate (MATH.md §1.1, §3.6).
     */
    public static double logMeanExp(double[] x) {
        if (x.length == 0) throw new IllegalArgumentException("logMeanExp of an empty array");
        return lse(x) - Math.log(x.length);
    }

    /**
     * lse along {@code dim} of a SameDiff variable, from primitives: {@code m + log Σ exp(x − m)} with
     * {@code m = max(x, dim)}. No stop-gradient is needed on m: its gradient contributions
     * (1 from the outer m, −Σ softmax = −1 from inside) cancel, so the result's gradient is softmax(x). The max is
     * floored at the dtype's lowest finite value so an all −∞ slice gives −∞ instead of NaN.
     */
    public static SDVariable lse(SameDiff sd, SDVariable x, int dim, boolean keepDims) {
        SDVariable floor = sd.constant(Nd4j.scalar(x.dataType(), lowestFinite(x.dataType())));
        SDVariable mKeep = sd.math().max(x.max(true, dim), floor);
        SDVariable sum = sd.math().exp(x.sub(mKeep)).sum(keepDims, dim);
        SDVariable m = keepDims ? mKeep : sd.math().max(x.max(false, dim), floor);
        return sd.math().log(sum).add(m);
    }

    private static double lowestFinite(DataType t) {
        switch (t) {
            case DOUBLE:
                return -Double.MAX_VALUE;
            case FLOAT:
                return -Float.MAX_VALUE;
            case HALF:
                return -65504.0;
            case BFLOAT16:
                return -3.38e38;
            default:
                throw new IllegalArgumentException("lse needs a floating-point variable, got " + t);
        }
    }
}
