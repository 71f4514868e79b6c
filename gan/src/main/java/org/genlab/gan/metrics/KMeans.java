package org.genlab.gan.metrics;

import org.genlab.common.random.Rng;

/**
 * Lloyd's k-means with k-means++ seeding, on double rows (squared Euclidean distance). Used by the blurry-mean /
 * cluster-centre W₁ study (MATH.md §5.5: c-transform samples look like k-means centres).
 *
 * @param centres    k centres
 * @param assignment the centre of each input row
 */
public record KMeans(double[][] centres, int[] assignment) {

    public static KMeans fit(double[][] x, int k, Rng rng, int maxIterations) {
        int n = x.length;
        if (k < 1 || k > n) throw new IllegalArgumentException("k-means needs 1 <= k <= n, got k=" + k + ", n=" + n);
        int d = x[0].length;
        double[][] c = new double[k][];
        // k-means++: each new centre drawn with probability proportional to its squared distance to the nearest one
        c[0] = x[rng.nextInt(n)].clone();
        double[] near = new double[n];
        for (int i = 0; i < n; i++) near[i] = sq(x[i], c[0]);
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (double v : near) total += v;
            int pick = n - 1;
            if (total > 0) {
                double u = rng.nextDouble() * total, acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += near[i];
                    if (acc >= u) {
                        pick = i;
                        break;
                    }
                }
            } else {
                pick = rng.nextInt(n);
            }
            c[j] = x[pick].clone();
            for (int i = 0; i < n; i++) near[i] = Math.min(near[i], sq(x[i], c[j]));
        }
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        for (int it = 0; it < maxIterations; it++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bd = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double dd = sq(x[i], c[j]);
                    if (dd < bd) {
                        bd = dd;
                        best = j;
                    }
                }
                if (a[i] != best) {
                    a[i] = best;
                    changed = true;
                }
            }
            if (!changed) break;
            double[][] sum = new double[k][d];
            int[] cnt = new int[k];
            for (int i = 0; i < n; i++) {
                cnt[a[i]]++;
                for (int t = 0; t < d; t++) sum[a[i]][t] += x[i][t];
            }
            for (int j = 0; j < k; j++) {
                if (cnt[j] == 0) continue; // an empty cluster keeps its centre
                for (int t = 0; t < d; t++) c[j][t] = sum[j][t] / cnt[j];
            }
        }
        return new KMeans(c, a);
    }

    /** Each row replaced by its cluster's centre (the "k-means centres assigned" set of the W₁ study). */
    public double[][] assignedCentres() {
        double[][] out = new double[assignment.length][];
        for (int i = 0; i < assignment.length; i++) out[i] = centres[assignment[i]].clone();
        return out;
    }

    /** Σ_i ‖x_i − c_{a(i)}‖² / n. */
    public double inertia(double[][] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += sq(x[i], centres[assignment[i]]);
        return s / x.length;
    }

    static double sq(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            double e = a[t] - b[t];
            s += e * e;
        }
        return s;
    }
}
