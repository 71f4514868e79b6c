package org.genlab.experiments.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Synchronous data-parallel training of one {@link MlpReplica} model on Spark (DL4J_NOTES "Distributed"): each step
 * broadcasts the parameters, every partition computes the gradient of its shard of the batch, the driver averages
 * them (equal shards, so the average is the full-batch gradient of a mean loss) and takes an Adam step. The same
 * trainer can step without Spark on the whole batch, which is the single-machine baseline it is measured against.
 */
public final class DataParallelTrainer {
    /** Wall-clock split of one data-parallel step, in milliseconds. */
    public record StepTiming(double total, double broadcast, double job, double maxTaskCompute, double average,
                             double update) {
    }

    private final MlpReplica driver;
    private final long dataSeed;
    private final int shards;
    private final int rowsPerShard;
    private final float[][] m;
    private final float[][] v;
    private final double lr;
    private float[][] params;
    private double lastLocalGradientMs;

    public DataParallelTrainer(long[] sizes, int shards, int rowsPerShard, double lr, long dataSeed) {
        this.driver = new MlpReplica(sizes, 0);
        this.shards = shards;
        this.rowsPerShard = rowsPerShard;
        this.lr = lr;
        this.dataSeed = dataSeed;
        params = driver.params();
        m = zerosLike(params);
        v = zerosLike(params);
    }

    public long parameterCount() {
        return driver.parameterCount();
    }

    /** The gradient part of the last {@link #stepLocal}, ms. */
    public double lastLocalGradientMs() {
        return lastLocalGradientMs;
    }

    public float[][] params() {
        return params;
    }

    /** The single-machine step: the gradient of the whole batch (all shards) in this thread, then Adam. */
    public double stepLocal(long step) {
        long t0 = System.nanoTime();
        driver.setParams(params);
        var x = MlpReplica.fullBatch(dataSeed, step, shards, rowsPerShard, driver.sizes[0]);
        long tg = System.nanoTime();
        float[][] g = driver.gradients(x);
        lastLocalGradientMs = (System.nanoTime() - tg) / 1e6;
        adam(step, g);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** One data-parallel step on Spark: one task per shard. */
    public StepTiming stepSpark(JavaSparkContext sc, long step) {
        long t0 = System.nanoTime();
        Broadcast<float[][]> bc = sc.broadcast(params);
        long t1 = System.nanoTime();
        List<Integer> ids = new ArrayList<>();
        for (int s = 0; s < shards; s++) ids.add(s);
        List<ShardGradient> parts = sc.parallelize(ids, shards)
                .map(new GradientTask(bc, driver.sizes, dataSeed, step, rowsPerShard)).collect();
        long t2 = System.nanoTime();
        bc.destroy(false);
        float[][] avg = zerosLike(params);
        double maxCompute = 0;
        for (ShardGradient p : parts) {
            maxCompute = Math.max(maxCompute, p.computeMs());
            for (int i = 0; i < avg.length; i++) {
                float[] a = avg[i], g = p.grads()[i];
                for (int j = 0; j < a.length; j++) a[j] += g[j] / shards;
            }
        }
        long t3 = System.nanoTime();
        adam(step, avg);
        long t4 = System.nanoTime();
        return new StepTiming((t4 - t0) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6, maxCompute, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
    }

    /** Adam (β = 0.9, 0.999, ε = 1e-8) on the driver's parameter copy. */
    private void adam(long step, float[][] g) {
        double t = step + 1, c1 = 1 - Math.pow(0.9, t), c2 = 1 - Math.pow(0.999, t);
        for (int i = 0; i < params.length; i++) {
            float[] p = params[i], mi = m[i], vi = v[i], gi = g[i];
            for (int j = 0; j < p.length; j++) {
                mi[j] = 0.9f * mi[j] + 0.1f * gi[j];
                vi[j] = 0.999f * vi[j] + 0.001f * gi[j] * gi[j];
                p[j] -= (float) (lr * (mi[j] / c1) / (Math.sqrt(vi[j] / c2) + 1e-8));
            }
        }
    }

    private static float[][] zerosLike(float[][] a) {
        float[][] z = new float[a.length][];
        for (int i = 0; i < a.length; i++) z[i] = new float[a[i].length];
        return z;
    }

    record ShardGradient(float[][] grads, double computeMs) implements Serializable {
    }

    /** Runs in an executor: borrow a replica, load the broadcast parameters, compute this shard's gradient. */
    record GradientTask(Broadcast<float[][]> params, long[] sizes, long dataSeed, long step, int rows)
            implements org.apache.spark.api.java.function.Function<Integer, ShardGradient> {
        @Override
        public ShardGradient call(Integer shard) {
            MlpReplica r = MlpReplica.acquire(sizes);
            try {
                r.setParams(params.value());
                long t0 = System.nanoTime();
                float[][] g = r.gradients(MlpReplica.shard(dataSeed, step, shard, rows, sizes[0]));
                return new ShardGradient(g, (System.nanoTime() - t0) / 1e6);
            } finally {
                r.release();
            }
        }
    }
}
