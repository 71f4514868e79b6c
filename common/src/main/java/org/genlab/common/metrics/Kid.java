package org.genlab.common.metrics;

import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Kernel Inception Distance (Bińkowski et al. 2018) on any features: the unbiased estimator of MMD² with the cubic
 * polynomial kernel k(x, y) = (xᵀy/d + 1)³, averaged over random subsets of equal size from both sets. Unlike FID
 * it has no bias in the sample size, so its expectation is 0 for two samples of one distribution (and the value can
 * be slightly negative).
 */
public final class Kid {
    private Kid() {
    }

    /** Mean unbiased MMD² over {@code subsets} random subsets of {@code subsetSize} rows of each set. */
    public static double kid(INDArray featuresP, INDArray featuresQ, int subsets, int subsetSize, long seed) {
        long d = featuresP.size(1);
        if (featuresQ.size(1) != d) throw new IllegalArgumentException("feature widths differ: " + d + " vs " + featuresQ.size(1));
        int m = (int) Math.min(subsetSize, Math.min(featuresP.size(0), featuresQ.size(0)));
        if (m < 2) throw new IllegalArgumentException("KID needs at least 2 rows per set, got " + m);
        Rng rng = new Rng(seed);
        double sum = 0;
        for (int s = 0; s < subsets; s++) {
            INDArray x = rows(featuresP, rng, m);
            INDArray y = rows(featuresQ, rng, m);
            sum += mmd2Unbiased(x, y);
        }
        return sum / subsets;
    }

    /** Unbiased MMD²: off-diagonal means of k(x,x') and k(y,y') minus twice the mean of k(x,y). */
    public static double mmd2Unbiased(INDArray x, INDArray y) {
        long m = x.size(0), n = y.size(0);
        double d = x.size(1);
        INDArray kxx = kernel(x, x, d), kyy = kernel(y, y, d), kxy = kernel(x, y, d);
        double sxx = kxx.sumNumber().doubleValue() - trace(kxx);
        double syy = kyy.sumNumber().doubleValue() - trace(kyy);
        double sxy = kxy.sumNumber().doubleValue();
        return sxx / (m * (m - 1.0)) + syy / (n * (n - 1.0)) - 2 * sxy / ((double) m * n);
    }

    private static double trace(INDArray k) {
        double t = 0;
        for (long i = 0; i < k.size(0); i++) t += k.getDouble(i, i);
        return t;
    }

    private static INDArray kernel(INDArray a, INDArray b, double d) {
        INDArray g = a.mmul(b.transpose()).divi(d).addi(1.0);
        return Transforms.pow(g, 3, false);
    }

    private static INDArray rows(INDArray f, Rng rng, int m) {
        int[] perm = rng.permutation((int) f.size(0));
        long[] idx = new long[m];
        for (int i = 0; i < m; i++) idx[i] = perm[i];
        return f.getRows(toInt(idx)).castTo(DataType.DOUBLE);
    }

    private static int[] toInt(long[] v) {
        int[] o = new int[v.length];
        for (int i = 0; i < v.length; i++) o[i] = (int) v[i];
        return o;
    }
}
