package org.genlab.vae.model;

import org.genlab.common.data.Batch;
import org.genlab.common.data.BatchIterator;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.state.StateBundle;
import org.genlab.common.train.Ema;
import org.genlab.common.train.GradientStep;
import org.genlab.common.train.TrainConfig;
import org.genlab.vae.posterior.Posterior;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What image and sentence VAEs share once their graph is built: the gradient step on {@link VaeObjective#LOSS}, EMA,
 * the training batch iterator, the posterior's noise, and the checkpointed state of all of them. A model supplies only
 * the data feeds of a batch; the KL weight and the posterior's noise (drawn after its κ pre-pass) are added here.
 */
public final class VaeTraining {
    private final ModelGraph graph;
    private final Posterior posterior;
    private final VaeSettings settings;
    private final DataType dtype;
    private final Ema ema;
    private final GradientStep step;
    private final BatchIterator iterator;
    private final Rng noiseRng;
    private final List<String> metricOutputs;

    public VaeTraining(ModelGraph graph, Posterior posterior, VaeSettings s, TrainConfig tc, DataType dtype,
                       BatchIterator iterator, Rng noiseRng) {
        this.graph = graph;
        this.posterior = posterior;
        this.settings = s;
        this.dtype = dtype;
        this.ema = tc.ema() > 0 ? new Ema(graph, graph.paramNames(), tc.ema(), tc.emaWarmup()) : null;
        this.step = new GradientStep(graph, VaeObjective.LOSS, graph.paramNames(), tc.newOptimizer("opt"), tc.newSchedule(),
                tc.clip(), tc.accum(), ema, s.batchCoupled());
        this.iterator = iterator;
        this.noiseRng = noiseRng;
        this.metricOutputs = new ArrayList<>(VaeObjective.metricOutputs());
        metricOutputs.addAll(posterior.trainingMetrics());
    }

    /** One step: {@code dataFeeds} turns the next training batch into the model's placeholder feeds. */
    public Map<String, Double> trainStep(long stepIndex, Function<Batch, Map<String, INDArray>> dataFeeds) {
        Map<String, Double> m = new LinkedHashMap<>(step.run(stepIndex, () -> feeds(stepIndex, dataFeeds), metricOutputs));
        m.put("kl_weight", settings.klWeight(stepIndex));
        return m;
    }

    /** Feeds of one micro-batch: the model's data feeds, the KL weight and the posterior's noise. */
    public Map<String, INDArray> feeds(long stepIndex, Function<Batch, Map<String, INDArray>> dataFeeds) {
        Batch b = iterator.next();
        Map<String, INDArray> f = dataFeeds.apply(b);
        f.put(VaeObjective.KL_WEIGHT, Nd4j.scalar(dtype, settings.klWeight(stepIndex)));
        Map<String, INDArray> pre = posterior.preOutputs().isEmpty() ? Map.of()
                : graph.sd().output(graph.feeds(f, true), posterior.preOutputs().toArray(new String[0]));
        f.putAll(posterior.noise(noiseRng, b.size(), pre, dtype));
        return f;
    }

    /** Runs {@code body} with EMA weights if the model keeps them. */
    public <T> T withEvalWeights(Supplier<T> body) {
        return ema == null ? body.get() : ema.withEmaWeights(body);
    }

    public void writeState(StateBundle out) {
        graph.writeState(out);
        step.optimizer().writeState(out);
        if (ema != null) ema.writeState(out);
        iterator.writeState(out);
    }

    public void readState(StateBundle in) {
        graph.readState(in);
        step.optimizer().readState(in);
        if (ema != null) ema.readState(in);
        iterator.readState(in);
    }
}
