package org.genlab.common.math;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExactW1Test {
    private static double[][] randomPoints(Rng rng, int n, int d) {
        double[][] p = new double[n][d];
        for (double[] row : p) for (int j = 0; j < d; j++) row[j] = rng.nextGaussian();
        return p;
    }

    private static double cost(double[] x, double[] y, double q, double p) {
        double s = 0;
        for (int k = 0; k < x.length; k++) s += Math.pow(Math.abs(x[k] - y[k]), q);
        return Math.pow(Math.pow(s, 1 / q), p) / p;
    }

    @Test
    void matchesBruteForceOverAllPermutations() {
        double[][] qp = {{2, 1}, {1, 1}, {2, 2}, {1.2, 1.2}, {1, 2}};
        for (long seed = 0; seed < 150; seed++) {
            Rng rng = new Rng(3000 + seed);
            int n = 1 + (int) (seed % 7);
            int d = 1 + rng.nextInt(5);
            double[][] x = randomPoints(rng, n, d);
            double[][] y = randomPoints(rng, n, d);
            for (double[] c : qp) {
                ExactW1.Result r = ExactW1.solve(x, y, c[0], c[1]);
                HungarianTest.assertInjective(r.assignment(), n);
                double[][] matrix = new double[n][n];
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) matrix[i][j] = cost(x[i], y[j], c[0], c[1]);
                double best = HungarianTest.bruteForce(matrix) / n;
                assertEquals(best, r.cost(), 1e-12 * Math.max(1, best), "seed " + seed + " q,p=" + Arrays.toString(c));
                double own = 0;
                for (int i = 0; i < n; i++) own += matrix[i][r.assignment()[i]];
                assertEquals(own / n, r.cost(), 1e-12 * Math.max(1, best), "reported cost is the assignment's");
            }
        }
    }

    /** On the line, matching sorted points is optimal for |x − y|: W₁ = mean |x_(i) − y_(i)|. */
    @Test
    void oneDimensionalSortedMatching() {
        Rng rng = new Rng(41);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + rng.nextInt(60);
            double[] xs = new double[n];
            double[] ys = new double[n];
            double[][] x = new double[n][1];
            double[][] y = new double[n][1];
            for (int i = 0; i < n; i++) {
                xs[i] = x[i][0] = rng.nextGaussian();
                ys[i] = y[i][0] = 2 + 3 * rng.nextDouble();
            }
            Arrays.sort(xs);
            Arrays.sort(ys);
            double expected = 0;
            for (int i = 0; i < n; i++) expected += Math.abs(xs[i] - ys[i]) / n;
            assertEquals(expected, ExactW1.euclidean(x, y).cost(), 1e-12);
        }
    }

    @Test
    void degenerateEqualPoints() {
        Rng rng = new Rng(42);
        double[][] x = randomPoints(rng, 12, 4);
        // y is a permutation of x: zero cost, each point matched to its copy.
        int[] perm = rng.permutation(12);
        double[][] y = new double[12][];
        for (int i = 0; i < 12; i++) y[perm[i]] = x[i].clone();
        ExactW1.Result r = ExactW1.euclidean(x, y);
        assertEquals(0, r.cost(), 0);
        for (int i = 0; i < 12; i++) assertEquals(perm[i], r.assignment()[i]);
        // All points identical on each side: every assignment is optimal and the cost is the one distance.
        double[][] a = new double[6][];
        double[][] b = new double[6][];
        for (int i = 0; i < 6; i++) {
            a[i] = new double[]{1, 1};
            b[i] = new double[]{4, 5};
        }
        ExactW1.Result same = ExactW1.euclidean(a, b);
        HungarianTest.assertInjective(same.assignment(), 6);
        assertEquals(5, same.cost(), 1e-15);
    }

    @Test
    void indArrayAndFloatInputsFlattenRows() {
        Rng rng = new Rng(43);
        INDArray x = rng.gaussian(DataType.FLOAT, 9, 1, 2, 3); // image-like [n, c, h, w]
        INDArray y = rng.gaussian(DataType.FLOAT, 9, 1, 2, 3);
        double[][] xr = ExactW1.rows(x);
        double[][] yr = ExactW1.rows(y);
        assertEquals(6, xr[0].length);
        float[][] xf = x.reshape(9, 6).toFloatMatrix();
        float[][] yf = y.reshape(9, 6).toFloatMatrix();
        double expected = ExactW1.euclidean(xr, yr).cost();
        assertEquals(expected, ExactW1.euclidean(x, y).cost(), 1e-15);
        assertEquals(expected, ExactW1.euclidean(xf, yf).cost(), 1e-15);
        assertEquals(ExactW1.solve(xr, yr, 1, 2).cost(), ExactW1.solve(x, y, 1, 2).cost(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> ExactW1.euclidean(new double[2][3], new double[3][3]));
    }

    /** MATH.md §7 batch-W₁ test size: n = 256 MNIST-sized points. Reported, with a loose bound for slow hosts. */
    @Test
    void timingForBatchOf256In784Dimensions() {
        Rng rng = new Rng(44);
        double[][] x = new double[256][784];
        double[][] y = new double[256][784];
        for (int i = 0; i < 256; i++) {
            for (int j = 0; j < 784; j++) {
                x[i][j] = rng.nextDouble();
                y[i][j] = rng.nextDouble();
            }
        }
        ExactW1.euclidean(x, y); // warm-up (JIT)
        long t0 = System.nanoTime();
        double[][] c = ExactW1.costMatrix(x, y, 2, 1);
        long t1 = System.nanoTime();
        int[] a = Hungarian.solve(c);
        long t2 = System.nanoTime();
        System.out.printf("ExactW1 n=256, d=784: cost matrix %.1f ms, assignment %.1f ms, W1 = %.4f%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, Hungarian.totalCost(c, a) / 256);
        HungarianTest.assertInjective(a, 256);
        assertTrue((t2 - t0) / 1e9 < 5, "n=256 exact W1 took " + (t2 - t0) / 1e9 + " s");
        // The optimum is no worse than the identity matching.
        double identity = 0;
        for (int i = 0; i < 256; i++) identity += c[i][i];
        assertTrue(Hungarian.totalCost(c, a) <= identity);
    }
}
