package org.genlab.common.math;

import java.util.Arrays;

/**
 * Exact minimum-cost linear assignment by successive shortest augmenting paths with row/column potentials
 * (Kuhn–Munkres in the Jonker–Volgenant formulation), O(n²m) for n rows and m ≥ n columns. Used for exact
 * minibatch W₁ (MATH.md §7, Stanczuk batch-W₁ test; §5.7).
 */
public final class Hungarian {
    private Hungarian() {
    }

    /**
     * Assigns every row to a distinct column minimising the summed cost.
     *
     * @param cost n × m matrix with n ≤ m and finite entries
     * @return column index for each row
     */
    public static int[] solve(double[][] cost) {
        int n = cost.length;
        if (n == 0) return new int[0];
        int m = cost[0].length;
        if (m < n) throw new IllegalArgumentException("assignment needs rows <= columns, got " + n + " x " + m);
        for (int i = 0; i < n; i++) {
            if (cost[i].length != m) throw new IllegalArgumentException("cost row " + i + " has length " + cost[i].length);
            for (double c : cost[i]) {
                if (!Double.isFinite(c)) throw new IllegalArgumentException("cost matrix has a non-finite entry in row " + i);
            }
        }
        // 1-based arrays; column 0 is the virtual start of each augmenting path.
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] rowOfCol = new int[m + 1];
        int[] way = new int[m + 1];
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            rowOfCol[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                // Grow the shortest-path tree by the cheapest reduced-cost edge, then shift potentials.
                used[j0] = true;
                int i0 = rowOfCol[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                double[] row = cost[i0 - 1];
                for (int j = 1; j <= m; j++) {
                    if (used[j]) continue;
                    double cur = row[j - 1] - u[i0] - v[j];
                    if (cur < minv[j]) {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[rowOfCol[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (rowOfCol[j0] != 0);
            do { // augment along the path back to the virtual column
                int j1 = way[j0];
                rowOfCol[j0] = rowOfCol[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] colOfRow = new int[n];
        for (int j = 1; j <= m; j++) {
            if (rowOfCol[j] != 0) colOfRow[rowOfCol[j] - 1] = j - 1;
        }
        return colOfRow;
    }

    /** Σ_i cost[i][assignment[i]]. */
    public static double totalCost(double[][] cost, int[] assignment) {
        double s = 0;
        for (int i = 0; i < assignment.length; i++) s += cost[i][assignment[i]];
        return s;
    }
}
