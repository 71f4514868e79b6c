package org.genlab.diffusion.nn;

import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.diffusion.loss.ScoreNetwork;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.Sde;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained ε-network as a {@link ScoreFn}: s(x,t) = −net(x,t)/σ_t (MATH.md §4.4), batched forward passes for the
 * samplers and vector–Jacobian products vᵀ∂s/∂x for the likelihood's divergence (§4.6).
 * <p>
 * It owns a separate inference graph with the same architecture and parameter names as the training graph, whose
 * weights are copied in by {@link #loadWeights} (after swapping in the EMA weights). In that graph the input x is a
 * plain, non-trainable-by-anyone SameDiff <em>variable</em>, not a placeholder: SameDiff M2.1 drops gradient paths from
 * a placeholder that reach the loss without passing a trainable variable (docs/samediff-pitfalls.md #3), so a
 * placeholder input would give silently wrong divergences for networks with such paths. The vjp is the gradient of
 * Σ s(x,t)·v with respect to that variable. Large batches are cut into chunks of at most {@code maxBatch}.
 */
public final class NetworkScore implements ScoreFn {
    public static final String SCOPE = "score";
    private static final String X = "input/x", T = "input/t", STD = "input/std", V = "input/v";
    private static final String SCORE = "output/score", VJP_LOSS = "output/vjp_loss";

    private final ModelGraph graph;
    private final Sde sde;
    private final long[] sampleShape;
    private final int maxBatch;
    private final ScoreNetwork net;
    private long evaluations;

    /**
     * @param sde         gives σ_t of the ε-parameterisation
     * @param sampleShape the shape of one sample (without the batch dimension)
     */
    public NetworkScore(NetSpec spec, Sde sde, long[] sampleShape, DataType dtype, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
        // the weights are overwritten by loadWeights; this stream only fills the initial arrays
        this.graph = new ModelGraph(dtype, new Rng(0));
        this.sde = sde;
        this.sampleShape = sampleShape.clone();
        this.maxBatch = maxBatch;
        SameDiff sd = graph.sd();
        this.net = spec.build(graph.scope(SCOPE), sde, sampleShape);
        SDVariable x = sd.var(X, Nd4j.zeros(dtype, withBatch(1, sampleShape)));
        SDVariable t = sd.placeHolder(T, dtype, -1);
        SDVariable std = sd.placeHolder(STD, dtype, coefShape(-1, sampleShape.length));
        SDVariable v = sd.placeHolder(V, dtype, withBatch(-1, sampleShape));
        SDVariable s = net.apply(x, t).neg().div(std).rename(SCORE);
        s.mul(v).sum().rename(VJP_LOSS);
        sd.setLossVariables(VJP_LOSS);
    }

    /** Copies every parameter and buffer of the same name from {@code source} (the training graph, EMA swapped in). */
    public void loadWeights(ModelGraph source) {
        for (String n : graph.paramNames()) graph.array(n).assign(source.array(n));
        for (String n : graph.bufferNames()) graph.array(n).assign(source.array(n));
    }

    /** The inference graph (for tests). */
    public ModelGraph graph() {
        return graph;
    }

    public String inputName() {
        return X;
    }

    @Override
    public INDArray score(INDArray x, INDArray t) {
        evaluations++;
        return chunked(x, t, null, false).get(0);
    }

    @Override
    public INDArray vjp(INDArray x, INDArray t, INDArray v) {
        evaluations++;
        return chunked(x, t, v, true).get(1);
    }

    @Override
    public ScoreAndVjp scoreAndVjp(INDArray x, INDArray t, INDArray v) {
        evaluations += 2;
        List<INDArray> r = chunked(x, t, v, true);
        return new ScoreAndVjp(r.get(0), r.get(1));
    }

    @Override
    public long evaluations() {
        return evaluations;
    }

    /** [score, vjp or null] over chunks of the batch. */
    private List<INDArray> chunked(INDArray x, INDArray t, INDArray v, boolean withVjp) {
        int n = PerSample.batch(x);
        checkShape(x);
        double[] tv = PerSample.times(t, n);
        if (n <= maxBatch) return run(x, tv, v, withVjp);
        List<INDArray> scores = new ArrayList<>();
        List<INDArray> vjps = new ArrayList<>();
        for (int from = 0; from < n; from += maxBatch) {
            int to = Math.min(n, from + maxBatch);
            List<INDArray> r = run(rows(x, from, to), Arrays.copyOfRange(tv, from, to), v == null ? null : rows(v, from, to), withVjp);
            scores.add(r.get(0));
            if (withVjp) vjps.add(r.get(1));
        }
        List<INDArray> out = new ArrayList<>();
        out.add(Nd4j.concat(0, scores.toArray(new INDArray[0])));
        out.add(withVjp ? Nd4j.concat(0, vjps.toArray(new INDArray[0])) : null);
        return out;
    }

    private List<INDArray> run(INDArray x, double[] t, INDArray v, boolean withVjp) {
        DataType dt = graph.dtype();
        SameDiff sd = graph.sd();
        sd.getVariable(X).setArray(x.castTo(dt).dup('c'));
        Map<String, INDArray> feeds = placeholders(t, withVjp ? v : null);
        List<INDArray> out = new ArrayList<>();
        if (!withVjp) {
            out.add(sd.output(feeds, SCORE).get(SCORE).castTo(x.dataType()));
            out.add(null);
            return out;
        }
        OutAndGrad r = sd.calculateGradientsAndOutputs(feeds, List.of(SCORE), List.of(X));
        out.add(r.getOutputs().get(SCORE).castTo(x.dataType()));
        out.add(r.getGradients().get(X).castTo(x.dataType()));
        return out;
    }

    /**
     * The placeholder values for per-sample times t and, for a vjp, the vector v (null for a plain score): t, σ_t,
     * the network's time features and v. The input itself is the variable {@link #inputName()}.
     */
    public Map<String, INDArray> placeholders(double[] t, INDArray v) {
        DataType dt = graph.dtype();
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put(T, PerSample.vector(t, dt));
        feeds.put(STD, PerSample.vector(PerSample.map(t, sde::std), dt).reshape(coefShape(t.length, sampleShape.length)));
        feeds.putAll(net.feeds(t));
        if (v != null) feeds.put(V, v.castTo(dt));
        return graph.feeds(feeds, false);
    }

    /** Name of the scalar Σ s(x,t)·v whose gradient with respect to the input is the vjp. */
    public String vjpLossName() {
        return VJP_LOSS;
    }

    private void checkShape(INDArray x) {
        long[] s = Arrays.copyOfRange(x.shape(), 1, x.rank());
        if (!Arrays.equals(s, sampleShape)) {
            throw new IllegalArgumentException("score network takes samples of shape " + Arrays.toString(sampleShape) + ", got " + Arrays.toString(s));
        }
    }

    private static INDArray rows(INDArray a, int from, int to) {
        return a.get(NDArrayIndex.interval(from, to)).dup('c');
    }

    /** {n, shape...}. */
    public static long[] withBatch(long n, long[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    static long[] coefShape(long n, int sampleRank) {
        long[] s = new long[sampleRank + 1];
        Arrays.fill(s, 1);
        s[0] = n;
        return s;
    }
}
