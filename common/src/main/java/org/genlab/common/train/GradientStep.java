package org.genlab.common.train;

import org.genlab.common.UsageException;
import org.genlab.common.nn.ModelGraph;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One optimisation step of one loss over one parameter group: gradients over {@code accum} micro-batches (averaged,
 * MATH.md §1.5), NaN/Inf check, global-norm clipping, the optimiser update with the scheduled learning rate, buffer
 * updates (running statistics) and the EMA. Two-player models (GANs) use one GradientStep per player.
 */
public final class GradientStep {
    private final ModelGraph graph;
    private final String loss;
    private final List<String> params;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final double clip;
    private final int accum;
    private final Ema ema;
    /** Recycles the session's arrays from step to step (null when -Dgenlab.stepArrays=off). */
    private final StepArrays stepArrays = StepArrays.fromSystemProperty();

    /**
     * @param batchCoupled whether the loss couples the samples of a batch (batch norm, a minibatch c-transform):
     *                     then k micro-batches are not one batch of k·b, and accumulation is refused.
     */
    public GradientStep(ModelGraph graph, String loss, List<String> params, Optimizer optimizer, LrSchedule schedule,
                        double clip, int accum, Ema ema, boolean batchCoupled) {
        if (accum < 1) throw new UsageException("train.accum must be >= 1, got " + accum);
        if (accum > 1 && (batchCoupled || !graph.bufferUpdates().isEmpty())) {
            throw new UsageException("gradient accumulation (train.accum=" + accum + ") is refused for this model: its loss "
                    + "couples the samples of a batch (batch norm or a minibatch transform), so " + accum
                    + " micro-batches are not equivalent to one batch of " + accum + "x the size (MATH.md §1.5); "
                    + "use train.accum=1 with a larger batch instead");
        }
        List<String> declared = graph.sd().getLossVariables();
        if (declared == null || declared.isEmpty()) {
            graph.sd().setLossVariables(loss);
        } else if (!declared.equals(List.of(loss))) {
            // SameDiff differentiates the SUM of all declared losses: a second loss in one graph would mix gradients.
            throw new IllegalStateException("graph already declares loss " + declared + "; SameDiff differentiates the sum "
                    + "of all declared losses, so give each player (loss) its own ModelGraph");
        }
        this.graph = graph;
        this.loss = loss;
        this.params = List.copyOf(params);
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.clip = clip;
        this.accum = accum;
        this.ema = ema;
    }

    /**
     * Runs one step. {@code microBatch} supplies the placeholders of one micro-batch (called {@code accum} times);
     * {@code extraOutputs} are graph outputs to report as metrics (their means).
     */
    public Map<String, Double> run(long step, Supplier<Map<String, INDArray>> microBatch, List<String> extraOutputs) {
        List<String> outputs = new ArrayList<>();
        outputs.add(loss);
        outputs.addAll(graph.bufferStatNames());
        outputs.addAll(extraOutputs);
        Map<String, INDArray> sum = null;
        double lossSum = 0;
        Map<String, Double> extras = new LinkedHashMap<>();
        for (int k = 0; k < accum; k++) {
            Map<String, INDArray> feeds = graph.feeds(microBatch.get(), true);
            Supplier<OutAndGrad> compute = () -> graph.gradientsAndOutputs(feeds, outputs, params);
            // The step's outputs and gradients are used up before the next micro-batch or step (StepArrays).
            OutAndGrad r = stepArrays == null ? compute.get() : stepArrays.during(graph.sd(), compute);
            Map<String, INDArray> out = r.getOutputs();
            double l = out.get(loss).sumNumber().doubleValue();
            if (!Double.isFinite(l)) throw new TrainingDivergedException(step, "loss '" + loss + "' is " + l);
            lossSum += l;
            for (String e : extraOutputs) extras.merge(e, out.get(e).meanNumber().doubleValue() / accum, Double::sum);
            graph.applyBufferUpdates(out);
            Map<String, INDArray> g = r.getGradients();
            if (sum == null) {
                sum = new LinkedHashMap<>();
                for (String p : params) sum.put(p, accum == 1 ? g.get(p) : g.get(p).dup());
            } else {
                for (String p : params) sum.get(p).addi(g.get(p));
            }
        }
        if (accum > 1) for (INDArray g : sum.values()) g.divi(accum);
        double norm = GradClip.clip(sum.values(), clip);
        if (!Double.isFinite(norm)) {
            throw new TrainingDivergedException(step, "gradient norm is " + norm + " (first non-finite in '" + firstNonFinite(sum) + "')");
        }
        double lr = schedule.at(step);
        Map<String, INDArray> live = new LinkedHashMap<>();
        for (String p : params) live.put(p, graph.array(p));
        optimizer.update(live, sum, lr);
        if (ema != null) ema.update();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", lossSum / accum);
        m.put("grad_norm", norm);
        m.put("lr", lr);
        m.putAll(extras);
        return m;
    }

    private static String firstNonFinite(Map<String, INDArray> grads) {
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            double s = e.getValue().sumNumber().doubleValue();
            if (!Double.isFinite(s)) return e.getKey();
        }
        return "?";
    }

    /** The array recycler of this step (null when -Dgenlab.stepArrays=off); tests read its counters. */
    StepArrays stepArrays() {
        return stepArrays;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public List<String> params() {
        return params;
    }
}
