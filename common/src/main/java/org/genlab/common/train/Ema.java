package org.genlab.common.train;

import org.genlab.common.nn.ModelGraph;
import org.genlab.common.state.StateBundle;
import org.genlab.common.state.Stateful;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Exponential moving average of parameters (shadow ← d·shadow + (1−d)·param after each update), swapped into the
 * graph for sampling and evaluation and swapped out again afterwards, so training always continues from the raw
 * weights. With {@code warmupUpdates} the decay is min(d, (1+n)/(10+n)) as in score_sde's EMA.
 */
public final class Ema implements Stateful {
    private final ModelGraph graph;
    private final List<String> names;
    private final double decay;
    private final boolean warmupUpdates;
    private final Map<String, INDArray> shadow = new LinkedHashMap<>();
    private Map<String, INDArray> backup;
    private long updates;

    public Ema(ModelGraph graph, List<String> names, double decay, boolean warmupUpdates) {
        if (!(decay > 0 && decay < 1)) throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        this.graph = graph;
        this.names = List.copyOf(names);
        this.decay = decay;
        this.warmupUpdates = warmupUpdates;
        for (String n : names) shadow.put(n, graph.array(n).dup());
    }

    public void update() {
        updates++;
        double d = warmupUpdates ? Math.min(decay, (1.0 + updates) / (10.0 + updates)) : decay;
        for (String n : names) {
            INDArray s = shadow.get(n), p = graph.array(n);
            FloatBuffer[] f = FloatViews.of(s, p);
            if (f == null) {
                s.muli(d).addi(p.mul(1.0 - d));
                continue;
            }
            float keep = (float) d, take = (float) (1 - d);
            FloatViews.chunks(f, s.length(), 1, (a, len) -> {   // float32: one vectorised pass, no temporary
                float[] sa = a[0], pa = a[1];
                for (int i = 0; i < len; i++) sa[i] = keep * sa[i] + take * pa[i];
            });
        }
    }

    /** Runs {@code body} with the EMA weights in the graph, restoring the raw weights afterwards (even on error). */
    public <T> T withEmaWeights(Supplier<T> body) {
        swapIn();
        try {
            return body.get();
        } finally {
            swapOut();
        }
    }

    public void swapIn() {
        if (backup != null) throw new IllegalStateException("EMA weights are already swapped in");
        backup = new LinkedHashMap<>();
        for (String n : names) {
            backup.put(n, graph.array(n).dup());
            graph.array(n).assign(shadow.get(n));
        }
    }

    public void swapOut() {
        if (backup == null) throw new IllegalStateException("EMA weights are not swapped in");
        for (String n : names) graph.array(n).assign(backup.get(n));
        backup = null;
    }

    public INDArray shadow(String name) {
        return shadow.get(name);
    }

    @Override
    public void writeState(StateBundle out) {
        out.putLong("ema.updates", updates);
        for (String n : names) out.putArray("ema/" + n, shadow.get(n));
    }

    @Override
    public void readState(StateBundle in) {
        updates = in.getLong("ema.updates");
        for (String n : names) shadow.get(n).assign(in.getArray("ema/" + n));
    }
}
