package org.genlab.gan.metrics;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact minibatch W₁ (Hungarian from common) against brute force over all n! matchings on tiny sets. */
class BatchW1Test {

    private static double brute(double[][] a, double[][] b, double q, double p) {
        int n = a.length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        double best = Double.POSITIVE_INFINITY;
        do {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int t = 0; t < a[i].length; t++) acc += Math.pow(Math.abs(a[i][t] - b[perm[i]][t]), q);
                s += Math.pow(Math.pow(acc, 1 / q), p) / p;
            }
            best = Math.min(best, s / n);
        } while (nextPermutation(perm));
        return best;
    }

    private static boolean nextPermutation(int[] p) {
        int i = p.length - 2;
        while (i >= 0 && p[i] >= p[i + 1]) i--;
        if (i < 0) return false;
        int j = p.length - 1;
        while (p[j] <= p[i]) j--;
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
        for (int l = i + 1, r = p.length - 1; l < r; l++, r--) {
            t = p[l];
            p[l] = p[r];
            p[r] = t;
        }
        return true;
    }

    @Test
    void exactW1EqualsBruteForceOnTinySets() {
        Rng r = new Rng(1);
        for (int n = 1; n <= 7; n++) {
            for (int d : new int[]{1, 2, 5}) {
                double[][] a = new double[n][d], b = new double[n][d];
                for (int i = 0; i < n; i++) {
                    for (int t = 0; t < d; t++) {
                        a[i][t] = r.nextGaussian();
                        b[i][t] = r.nextGaussian() + 0.5;
                    }
                }
                assertEquals(brute(a, b, 2, 1), BatchW1.exact(a, b), 1e-12, "n=" + n + " d=" + d);
                assertEquals(brute(a, b, 2, 1), BatchW1.exact(Nd4j.create(a), Nd4j.create(b)), 1e-12);
                assertEquals(brute(a, b, 1, 2), BatchW1.exact(Nd4j.create(a), Nd4j.create(b), 1, 2), 1e-12);
            }
        }
    }

    @Test
    void identicalSetsAreAtZeroAndAShiftCostsItsLength() {
        Rng r = new Rng(2);
        double[][] a = new double[20][3];
        for (double[] row : a) for (int t = 0; t < 3; t++) row[t] = r.nextGaussian();
        double[][] shuffled = new double[20][];
        int[] p = r.permutation(20);
        for (int i = 0; i < 20; i++) shuffled[i] = a[p[i]];
        assertEquals(0.0, BatchW1.exact(a, shuffled), 1e-12);
        double[][] shifted = new double[20][];
        for (int i = 0; i < 20; i++) shifted[i] = new double[]{a[i][0] + 0.3, a[i][1] - 0.4, a[i][2]};
        // a translation by v moves every point by |v| = 0.5 and no coupling does better (W1 >= |mean shift|)
        assertEquals(0.5, BatchW1.exact(a, shifted), 1e-9);
        assertTrue(BatchW1.exact(Nd4j.create(a).castTo(DataType.FLOAT), Nd4j.create(shifted).castTo(DataType.FLOAT)) > 0.4999);
    }
}
