package org.genlab.gan.metrics;

import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;

import java.util.function.IntFunction;

/**
 * The minibatch W₁ test of Stanczuk et al. as summarised by Su (MATH.md §5.5 item 2b, §7): with exact minibatch W₁
 * (Euclidean pixel cost, optimal assignment), is a second real batch B₂ farther from a real batch B₁ than blurry
 * stand-ins are? Per trial, B₁ and B₂ are disjoint random batches of n images, and the study measures
 * <ul>
 * <li>{@code real_vs_real}: W(B₁, B₂);</li>
 * <li>{@code batch_mean}: W(B₁, n copies of the mean image of B₁);</li>
 * <li>{@code batch_kmeans}: W(B₁, each image replaced by its k-means centre within B₁);</li>
 * <li>{@code data_mean}: W(B₁, n copies of the mean image of a pool of the data), what a generator that always
 *     outputs the average image would score;</li>
 * <li>{@code data_kmeans}: W(B₁, n centres of a k-means fit on the pool, drawn by cluster frequency), what a
 *     generator that outputs cluster centres would score.</li>
 * </ul>
 * Su's claim: the blurry sets are closer to B₁ than B₂ is, so a critic that estimated batch W₁ accurately would
 * reward blur.
 */
public final class BlurW1Study {
    /** @param pool images used for the data-level mean and k-means (disjointness from the batches is not needed) */
    public record Options(int batch, int k, int trials, int pool) {
        public Options {
            if (batch < 2) throw new UsageException("--batch must be at least 2, got " + batch);
            if (k < 1 || k > batch) throw new UsageException("--k must be in [1, batch], got " + k);
            if (trials < 1) throw new UsageException("--trials must be at least 1, got " + trials);
            if (pool < k) throw new UsageException("--pool must be at least k, got " + pool);
        }
    }

    /** Mean and sample standard deviation over trials. */
    public record Stat(double mean, double sd) {
        static Stat of(double[] v) {
            double m = 0;
            for (double x : v) m += x / v.length;
            double s = 0;
            for (double x : v) s += (x - m) * (x - m);
            return new Stat(m, v.length > 1 ? Math.sqrt(s / (v.length - 1)) : 0);
        }

        @Override
        public String toString() {
            return String.format("%.4f ± %.4f", mean, sd);
        }
    }

    public record Result(Stat realVsReal, Stat batchMean, Stat batchKMeans, Stat dataMean, Stat dataKMeans,
                         Options options) {
    }

    private BlurW1Study() {
    }

    /**
     * @param count number of rows available
     * @param row   row i as a fresh double[] (e.g. an image's pixels in [0, 1])
     */
    public static Result run(int count, IntFunction<double[]> row, Options o, Rng rng) {
        if (2 * o.batch() > count) {
            throw new UsageException("the study needs two disjoint batches: 2 x " + o.batch() + " > " + count + " images");
        }
        int[] poolIdx = java.util.Arrays.copyOf(rng.permutation(count), Math.min(o.pool(), count));
        double[][] pool = new double[poolIdx.length][];
        for (int i = 0; i < pool.length; i++) pool[i] = row.apply(poolIdx[i]);
        double[] dataMean = mean(pool);
        KMeans global = KMeans.fit(pool, o.k(), rng, 100);
        int[] counts = new int[o.k()];
        for (int a : global.assignment()) counts[a]++;

        int t = o.trials(), n = o.batch();
        double[] rr = new double[t], bm = new double[t], bk = new double[t], dm = new double[t], dk = new double[t];
        for (int trial = 0; trial < t; trial++) {
            int[] perm = rng.permutation(count);
            double[][] b1 = new double[n][], b2 = new double[n][];
            for (int i = 0; i < n; i++) {
                b1[i] = row.apply(perm[i]);
                b2[i] = row.apply(perm[n + i]);
            }
            rr[trial] = BatchW1.exact(b1, b2);
            bm[trial] = BatchW1.exact(b1, copies(mean(b1), n));
            bk[trial] = BatchW1.exact(b1, KMeans.fit(b1, o.k(), rng, 100).assignedCentres());
            dm[trial] = BatchW1.exact(b1, copies(dataMean, n));
            double[][] drawn = new double[n][];
            for (int i = 0; i < n; i++) drawn[i] = global.centres()[drawCluster(counts, pool.length, rng)].clone();
            dk[trial] = BatchW1.exact(b1, drawn);
        }
        return new Result(Stat.of(rr), Stat.of(bm), Stat.of(bk), Stat.of(dm), Stat.of(dk), o);
    }

    private static int drawCluster(int[] counts, int total, Rng rng) {
        int u = rng.nextInt(total), acc = 0;
        for (int j = 0; j < counts.length; j++) {
            acc += counts[j];
            if (u < acc) return j;
        }
        return counts.length - 1;
    }

    static double[] mean(double[][] x) {
        double[] m = new double[x[0].length];
        for (double[] r : x) for (int j = 0; j < m.length; j++) m[j] += r[j] / x.length;
        return m;
    }

    private static double[][] copies(double[] v, int n) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) out[i] = v.clone();
        return out;
    }
}
