package org.genlab.experiments.spark;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Mlp;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One copy of a ReLU MLP autoencoder (MSE to its input) that computes gradients for whatever parameters it is given:
 * the unit of work of {@link DataParallelTrainer}. Graphs are built once and reused; in a Spark JVM they are pooled
 * per architecture, one replica per concurrently running task (a SameDiff graph is not shared between threads).
 */
final class MlpReplica {
    private static final Map<String, ConcurrentLinkedQueue<MlpReplica>> POOL = new ConcurrentHashMap<>();

    private final ModelGraph graph;
    private final List<String> params;
    final long[] sizes;

    MlpReplica(long[] sizes, long initSeed) {
        this.sizes = sizes.clone();
        graph = new ModelGraph(DataType.FLOAT, new Rng(initSeed));
        SDVariable x = graph.sd().placeHolder("x", DataType.FLOAT, -1, sizes[0]);
        SDVariable y = new Mlp(graph.scope("mlp"), sizes, Activation.RELU).apply(x);
        SDVariable d = y.sub(x);
        d.mul(d).mean().rename("loss");
        graph.sd().setLossVariables("loss");
        params = graph.paramNames();
    }

    /** A pooled replica for this architecture (built on first use in this JVM); give it back with {@link #release}. */
    static MlpReplica acquire(long[] sizes) {
        MlpReplica r = POOL.computeIfAbsent(key(sizes), k -> new ConcurrentLinkedQueue<>()).poll();
        return r != null ? r : new MlpReplica(sizes, 0);
    }

    void release() {
        POOL.get(key(sizes)).add(this);
    }

    private static String key(long[] sizes) {
        return java.util.Arrays.toString(sizes);
    }

    List<String> paramNames() {
        return params;
    }

    long parameterCount() {
        return graph.parameterCount();
    }

    float[][] params() {
        float[][] p = new float[params.size()][];
        for (int i = 0; i < p.length; i++) p[i] = graph.array(params.get(i)).dup().data().asFloat();
        return p;
    }

    void setParams(float[][] values) {
        for (int i = 0; i < values.length; i++) {
            INDArray a = graph.array(params.get(i));
            a.assign(Nd4j.createFromArray(values[i]).reshape(a.shape()));
        }
    }

    /** d loss / d params on this batch, in {@link #paramNames()} order. */
    float[][] gradients(INDArray x) {
        Map<String, INDArray> g = graph.sd().calculateGradients(graph.feeds(Map.of("x", x), true), params);
        float[][] out = new float[params.size()][];
        for (int i = 0; i < out.length; i++) out[i] = g.get(params.get(i)).dup().data().asFloat();
        return out;
    }

    /** The training rows of shard {@code shard} at {@code step}: fixed by (seed, step, shard), wherever it is drawn. */
    static INDArray shard(long seed, long step, int shard, int rows, long dim) {
        return new Rng(seed * 1_000_003L + step * 7919L + shard).uniform(DataType.FLOAT, 0, 1, rows, dim);
    }

    static INDArray fullBatch(long seed, long step, int shards, int rowsPerShard, long dim) {
        List<INDArray> parts = new ArrayList<>();
        for (int s = 0; s < shards; s++) parts.add(shard(seed, step, s, rowsPerShard, dim));
        return Nd4j.vstack(parts.toArray(new INDArray[0]));
    }
}
