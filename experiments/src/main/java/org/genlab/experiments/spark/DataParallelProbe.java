package org.genlab.experiments.spark;

import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Measures whether data-parallel training on Spark pays on this machine (docs/spark.md): median step time of the
 * single-machine step against the Spark step and its parts (broadcast, job incl. task compute, averaging, update),
 * and the cost of an empty job with one task per shard. Run with
 * {@code java --add-exports java.base/sun.nio.ch=ALL-UNNAMED -cp ... org.genlab.experiments.spark.DataParallelProbe
 * [sizes=784,512,512,784] [batch=128] [steps=20] [master=local[2]]} and OMP_NUM_THREADS=1.
 */
public final class DataParallelProbe {
    private DataParallelProbe() {
    }

    public static void main(String[] args) {
        org.genlab.common.backend.StdoutFilter.install(); // SameDiff's per-op chatter on the first gradient build
        long[] sizes = {784, 512, 512, 784};
        int batch = 128, steps = 20;
        String master = "local[2]";
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "sizes" -> sizes = Arrays.stream(kv[1].split(",")).mapToLong(Long::parseLong).toArray();
                case "batch" -> batch = Integer.parseInt(kv[1]);
                case "steps" -> steps = Integer.parseInt(kv[1]);
                case "master" -> master = kv[1];
                default -> throw new IllegalArgumentException("unknown argument " + a + " (sizes=, batch=, steps=, master=)");
            }
        }
        int shards = parallelism(master);
        System.out.printf("MLP %s, batch %d, %d shard(s) of %d rows, %d timed steps, OMP_NUM_THREADS=%s, %d cores%n",
                Arrays.toString(sizes), batch, shards, batch / shards, steps, System.getenv("OMP_NUM_THREADS"),
                Runtime.getRuntime().availableProcessors());
        DataParallelTrainer local = new DataParallelTrainer(sizes, shards, batch / shards, 1e-3, 7);
        DataParallelTrainer dp = new DataParallelTrainer(sizes, shards, batch / shards, 1e-3, 7);
        System.out.printf("parameters: %d (%.2f MB as float)%n", local.parameterCount(), local.parameterCount() * 4 / 1e6);
        List<Double> localMs = new ArrayList<>(), localGradMs = new ArrayList<>();
        try (JavaSparkContext sc = SparkContexts.open(master, "genlab data-parallel probe")) {
            List<Double> empty = new ArrayList<>();
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < shards; i++) ids.add(i);
            List<DataParallelTrainer.StepTiming> t = new ArrayList<>();
            // Interleaved, so that both see the same machine load; the first 3 rounds warm up (graph builds, JIT).
            for (int s = 0; s < 3 + steps; s++) {
                double l = local.stepLocal(s);
                DataParallelTrainer.StepTiming st = dp.stepSpark(sc, s);
                long t0 = System.nanoTime();
                sc.parallelize(ids, shards).map(i -> i).collect();
                double e = (System.nanoTime() - t0) / 1e6;
                if (s >= 3) {
                    localMs.add(l);
                    localGradMs.add(local.lastLocalGradientMs());
                    t.add(st);
                    empty.add(e);
                }
            }
            System.out.printf("single-machine step (1 thread, whole batch): median %.2f ms (gradient %.2f ms)%n",
                    median(localMs, x -> x), median(localGradMs, x -> x));
            System.out.printf("empty Spark job, %d task(s):                 median %.2f ms%n", shards, median(empty, x -> x));
            System.out.printf("Spark data-parallel step:                   median %.2f ms%n", median(t, DataParallelTrainer.StepTiming::total));
            System.out.printf("  broadcast %.2f, job %.2f (slowest task's gradient %.2f), average %.2f, update %.2f ms%n",
                    median(t, DataParallelTrainer.StepTiming::broadcast), median(t, DataParallelTrainer.StepTiming::job),
                    median(t, DataParallelTrainer.StepTiming::maxTaskCompute), median(t, DataParallelTrainer.StepTiming::average),
                    median(t, DataParallelTrainer.StepTiming::update));
            System.out.printf("speed-up of data-parallel over single-machine: %.2fx%n",
                    median(localMs, x -> x) / median(t, DataParallelTrainer.StepTiming::total));
        }
    }

    static int parallelism(String master) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[([0-9]+)]").matcher(master);
        return m.matches() ? Integer.parseInt(m.group(1)) : 2;
    }

    static <T> double median(List<T> xs, ToDoubleFunction<T> f) {
        double[] v = xs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
