package org.genlab.common.metrics;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.*;

class KidTest {
    /** Unbiased: the mean of many small-sample estimates for one distribution is 0 within 4 standard errors. */
    @Test
    void unbiasedForTwoSamplesOfOneDistribution() {
        Rng rng = new Rng(7);
        int reps = 400, m = 12;
        double sum = 0, sumSq = 0, biasedSum = 0;
        for (int r = 0; r < reps; r++) {
            INDArray x = rng.gaussian(DataType.DOUBLE, m, 3);
            INDArray y = rng.gaussian(DataType.DOUBLE, m, 3);
            double v = Kid.mmd2Unbiased(x, y);
            sum += v;
            sumSq += v * v;
            biasedSum += biased(x, y);
        }
        double mean = sum / reps, se = Math.sqrt((sumSq / reps - mean * mean) / reps);
        assertTrue(Math.abs(mean) < 4 * se, "mean " + mean + " se " + se);
        // The V-statistic (diagonal kept) is visibly biased upwards at this n: the test can tell them apart.
        assertTrue(biasedSum / reps > mean + 8 * se, "biased " + biasedSum / reps + " vs " + mean);
    }

    @Test
    void positiveForDifferentDistributionsAndAveragedOverSubsets() {
        Rng rng = new Rng(3);
        INDArray x = rng.gaussian(DataType.DOUBLE, 600, 4);
        INDArray y = rng.gaussian(DataType.DOUBLE, 600, 4).addi(0.5);
        double shifted = Kid.kid(x, y, 5, 200, 1);
        double same = Kid.kid(x, rng.gaussian(DataType.DOUBLE, 600, 4), 5, 200, 1);
        assertTrue(shifted > 0.05, "shifted " + shifted);
        assertTrue(Math.abs(same) < shifted / 10, "same " + same + " shifted " + shifted);
        assertEquals(shifted, Kid.kid(x, y, 5, 200, 1), 0, "deterministic for a seed");
    }

    /** Direct sums, no matrix algebra: an independent oracle for the estimator. */
    @Test
    void matchesDirectSums() {
        Rng rng = new Rng(11);
        INDArray x = rng.gaussian(DataType.DOUBLE, 5, 2), y = rng.gaussian(DataType.DOUBLE, 4, 2);
        double[][] a = x.toDoubleMatrix(), b = y.toDoubleMatrix();
        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) if (i != j) sxx += k(a[i], a[j]);
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) if (i != j) syy += k(b[i], b[j]);
        for (double[] p : a) for (double[] q : b) sxy += k(p, q);
        double expect = sxx / 20 + syy / 12 - 2 * sxy / 20;
        assertEquals(expect, Kid.mmd2Unbiased(x, y), 1e-12);
    }

    private static double k(double[] p, double[] q) {
        double dot = 0;
        for (int i = 0; i < p.length; i++) dot += p[i] * q[i];
        return Math.pow(dot / p.length + 1, 3);
    }

    private static double biased(INDArray x, INDArray y) {
        double[][] a = x.toDoubleMatrix(), b = y.toDoubleMatrix();
        double sxx = 0, syy = 0, sxy = 0;
        for (double[] p : a) for (double[] q : a) sxx += k(p, q);
        for (double[] p : b) for (double[] q : b) syy += k(p, q);
        for (double[] p : a) for (double[] q : b) sxy += k(p, q);
        int m = a.length;
        return (sxx + syy - 2 * sxy) / ((double) m * m);
    }
}
