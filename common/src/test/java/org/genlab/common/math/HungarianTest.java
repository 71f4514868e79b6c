package org.genlab.common.math;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HungarianTest {
    /** Minimum over all injective maps rows → columns, by exhaustive search. */
    static double bruteForce(double[][] cost) {
        int m = cost.length == 0 ? 0 : cost[0].length;
        return search(cost, 0, new boolean[m]);
    }

    private static double search(double[][] cost, int row, boolean[] used) {
        if (row == cost.length) return 0;
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (used[j]) continue;
            used[j] = true;
            best = Math.min(best, cost[row][j] + search(cost, row + 1, used));
            used[j] = false;
        }
        return best;
    }

    static void assertInjective(int[] assignment, int columns) {
        boolean[] seen = new boolean[columns];
        for (int j : assignment) {
            assertTrue(j >= 0 && j < columns && !seen[j], "assignment is not injective: column " + j);
            seen[j] = true;
        }
    }

    @Test
    void matchesBruteForceOnRandomSquareMatrices() {
        for (long seed = 0; seed < 300; seed++) {
            Rng rng = new Rng(1000 + seed);
            int n = 1 + (int) (seed % 7);
            double[][] c = new double[n][n];
            for (double[] row : c) for (int j = 0; j < n; j++) row[j] = seed % 3 == 0 ? rng.nextGaussian() * 100 : rng.nextDouble();
            int[] a = Hungarian.solve(c);
            assertInjective(a, n);
            double best = bruteForce(c);
            assertEquals(best, Hungarian.totalCost(c, a), 1e-12 * Math.max(1, Math.abs(best)), "seed " + seed);
        }
    }

    @Test
    void matchesBruteForceOnRectangularAndTiedMatrices() {
        for (long seed = 0; seed < 200; seed++) {
            Rng rng = new Rng(2000 + seed);
            int n = 1 + rng.nextInt(5);
            int m = n + rng.nextInt(3);
            double[][] c = new double[n][m];
            // Small integers: many ties among optimal assignments.
            for (double[] row : c) for (int j = 0; j < m; j++) row[j] = rng.nextInt(4);
            int[] a = Hungarian.solve(c);
            assertInjective(a, m);
            assertEquals(bruteForce(c), Hungarian.totalCost(c, a), 1e-12, "seed " + seed);
        }
    }

    @Test
    void knownSmallCaseAndEdgeCases() {
        double[][] c = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        assertArrayEquals(new int[]{1, 0, 2}, Hungarian.solve(c));
        assertEquals(5, Hungarian.totalCost(c, Hungarian.solve(c)), 0);
        assertEquals(0, Hungarian.solve(new double[0][0]).length);
        assertThrows(IllegalArgumentException.class, () -> Hungarian.solve(new double[][]{{1}, {2}}));
        assertThrows(IllegalArgumentException.class, () -> Hungarian.solve(new double[][]{{Double.NaN}}));
    }
}
