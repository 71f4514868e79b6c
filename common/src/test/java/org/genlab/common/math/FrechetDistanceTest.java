package org.genlab.common.math;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrechetDistanceTest {
    private static double[] gaussianVector(Rng rng, int d, double scale) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) v[i] = scale * rng.nextGaussian();
        return v;
    }

    /** A Aᵀ + εI with A Gaussian: a random SPD matrix, ill-conditioned for small ε. */
    private static double[][] randomSpd(Rng rng, int d, double eps) {
        double[][] a = new double[d][d];
        for (double[] row : a) for (int j = 0; j < d; j++) row[j] = rng.nextGaussian();
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) s[i][j] += a[i][k] * a[j][k];
            }
            s[i][i] += eps;
        }
        return s;
    }

    /** A random orthogonal matrix: Gram–Schmidt on Gaussian columns. */
    private static double[][] randomOrthogonal(Rng rng, int d) {
        double[][] q = new double[d][];
        for (int k = 0; k < d; k++) {
            double[] v = gaussianVector(rng, d, 1);
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int i = 0; i < d; i++) dot += v[i] * q[j][i];
                for (int i = 0; i < d; i++) v[i] -= dot * q[j][i];
            }
            double n = 0;
            for (double x : v) n += x * x;
            n = Math.sqrt(n);
            for (int i = 0; i < d; i++) v[i] /= n;
            q[k] = v;
        }
        return q; // rows are orthonormal
    }

    /** Qᵀ diag(λ) Q for orthonormal rows Q. */
    private static double[][] withEigenvalues(double[][] q, double[] lambda) {
        int d = lambda.length;
        double[][] s = new double[d][d];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) s[i][j] += q[k][i] * lambda[k] * q[k][j];
        }
        return s;
    }

    @Test
    void bothFormulasAgreeOnRandomSpdPairs() {
        Rng rng = new Rng(31);
        double worst = 0;
        for (int d : new int[]{1, 2, 3, 5, 10, 32}) {
            for (int trial = 0; trial < 8; trial++) {
                double[] mp = gaussianVector(rng, d, 1);
                double[] mq = gaussianVector(rng, d, 1);
                double[][] sp = randomSpd(rng, d, trial % 2 == 0 ? 1e-3 : 1.0);
                double[][] sq = randomSpd(rng, d, 0.1);
                double v1 = FrechetDistance.w2SquaredSymmetric(mp, sp, mq, sq);
                double v2 = FrechetDistance.w2SquaredProduct(mp, sp, mq, sq);
                worst = Math.max(worst, Math.abs(v1 - v2) / Math.max(1, v1));
                assertEquals(v1, v2, 1e-8 * Math.max(1, v1), "d=" + d + " trial " + trial);
                // W₂ is symmetric in its arguments although v1 does not look it.
                assertEquals(v1, FrechetDistance.w2SquaredSymmetric(mq, sq, mp, sp), 1e-8 * Math.max(1, v1));
            }
        }
        System.out.printf("Frechet v1 vs v2: worst relative gap %.2e%n", worst);
    }

    /** Commuting covariances: W₂² = ‖μp−μq‖² + ‖Σp^{1/2} − Σq^{1/2}‖_F² (MATH.md §1.4). */
    @Test
    void commutingCaseEqualsDifferenceOfSquareRoots() {
        Rng rng = new Rng(32);
        for (int d : new int[]{2, 4, 9}) {
            double[][] q = randomOrthogonal(rng, d);
            double[] a = new double[d];
            double[] b = new double[d];
            double[] rootA = new double[d];
            double[] rootB = new double[d];
            for (int i = 0; i < d; i++) {
                a[i] = 0.1 + 3 * rng.nextDouble();
                b[i] = 0.1 + 3 * rng.nextDouble();
                rootA[i] = Math.sqrt(a[i]);
                rootB[i] = Math.sqrt(b[i]);
            }
            double[] mp = gaussianVector(rng, d, 1);
            double[] mq = gaussianVector(rng, d, 1);
            double[][] rp = withEigenvalues(q, rootA);
            double[][] rq = withEigenvalues(q, rootB);
            double expected = 0;
            for (int i = 0; i < d; i++) {
                expected += (mp[i] - mq[i]) * (mp[i] - mq[i]);
                for (int j = 0; j < d; j++) expected += (rp[i][j] - rq[i][j]) * (rp[i][j] - rq[i][j]);
            }
            double[][] sp = withEigenvalues(q, a);
            double[][] sq = withEigenvalues(q, b);
            assertEquals(expected, FrechetDistance.w2SquaredSymmetric(mp, sp, mq, sq), 1e-10 * Math.max(1, expected));
            assertEquals(expected, FrechetDistance.w2SquaredProduct(mp, sp, mq, sq), 1e-10 * Math.max(1, expected));
        }
    }

    @Test
    void zeroForIdenticalInputs() {
        Rng rng = new Rng(33);
        double[][] features = new double[200][];
        for (int i = 0; i < features.length; i++) features[i] = gaussianVector(rng, 12, 2);
        assertEquals(0, FrechetDistance.fid(features, features), 1e-10);
        FrechetDistance.Gaussian g = FrechetDistance.fit(features);
        assertEquals(0, FrechetDistance.w2SquaredProduct(g.mean(), g.cov(), g.mean(), g.cov()), 1e-10);
        // A singular covariance (fewer samples than dimensions) still gives zero, not NaN.
        double[][] few = new double[5][];
        for (int i = 0; i < few.length; i++) few[i] = gaussianVector(rng, 12, 1);
        assertEquals(0, FrechetDistance.fid(few, few), 1e-7);
    }

    /** 1-D: W₂² = (μp − μq)² + (σp − σq)². */
    @Test
    void oneDimensionalClosedForm() {
        double[][] sp = {{4.0}};
        double[][] sq = {{0.25}};
        double expected = (1.5 - -0.5) * (1.5 - -0.5) + (2 - 0.5) * (2 - 0.5);
        assertEquals(expected, FrechetDistance.w2SquaredSymmetric(new double[]{1.5}, sp, new double[]{-0.5}, sq), 1e-14);
        assertEquals(expected, FrechetDistance.w2SquaredProduct(new double[]{1.5}, sp, new double[]{-0.5}, sq), 1e-14);
    }

    @Test
    void meanAndUnbiasedCovarianceOfRows() {
        double[][] rows = {{1, 2}, {3, 4}, {5, 0}};
        assertArrayEquals(new double[]{3, 2}, FrechetDistance.mean(rows), 1e-15);
        double[][] cov = FrechetDistance.covariance(rows);
        assertArrayEquals(new double[]{4, -2}, cov[0], 1e-15);
        assertArrayEquals(new double[]{-2, 4}, cov[1], 1e-15);
    }

    /** Sample FID between two Gaussians approaches the analytic W₂² as the sample grows. */
    @Test
    void sampleFidApproachesAnalyticValue() {
        Rng rng = new Rng(34);
        int n = 40_000;
        double[][] p = new double[n][];
        double[][] q = new double[n][];
        for (int i = 0; i < n; i++) {
            p[i] = new double[]{rng.nextGaussian(), 2 * rng.nextGaussian()};
            q[i] = new double[]{1 + 3 * rng.nextGaussian(), 0.5 * rng.nextGaussian()};
        }
        double analytic = 1 + (1 - 3) * (1 - 3) + (2 - 0.5) * (2 - 0.5); // diagonal, so the commuting formula
        assertEquals(analytic, FrechetDistance.fid(p, q), 0.1);
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.w2SquaredSymmetric(
                new double[]{0, 0}, new double[][]{{1, 0}, {0, 1}}, new double[]{0}, new double[][]{{1}}));
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.covariance(new double[][]{{1, 2}}));
    }
}
