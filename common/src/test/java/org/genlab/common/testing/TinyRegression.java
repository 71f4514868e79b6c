package org.genlab.common.testing;

import org.genlab.common.model.EvalRequest;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.SampleRequest;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.nn.Scope;
import org.genlab.common.random.Rng;
import org.genlab.common.random.RngStreams;
import org.genlab.common.state.StateBundle;
import org.genlab.common.train.Ema;
import org.genlab.common.train.GradientStep;
import org.genlab.common.train.TrainConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A tiny real model for testing the training layer: linear regression y = x·W + b + noise with a per-sample i.i.d.
 * mean-squared loss, fresh data drawn every step from the "data" stream. Optionally a batch-norm-like buffer.
 */
public final class TinyRegression implements GenerativeModel {
    public static final int IN = 4;
    public final ModelGraph graph;
    public final GradientStep step;
    public final Ema ema;
    private final Rng data;
    private final int batch;
    private final double[] trueW = {1.5, -2.0, 0.5, 3.0};

    public TinyRegression(TrainConfig tc, RngStreams rngs, DataType dtype, boolean withRunningStat) {
        graph = new ModelGraph(dtype, rngs.stream("init"));
        Scope s = graph.scope("reg");
        SDVariable x = graph.sd().placeHolder("x", dtype, -1, IN);
        SDVariable y = graph.sd().placeHolder("y", dtype, -1, 1);
        SDVariable w = s.param("W", Init.normal(0.1), IN, 1, IN, 1);
        SDVariable b = s.param("b", Init.zeros(), IN, 1, 1);
        SDVariable pred = x.mmul(w).add(b);
        if (withRunningStat) {
            SDVariable run = s.buffer("running_mean", Nd4j.zeros(dtype, IN));
            s.runningAverage(run, x.mean(0), 0.9);
        }
        SDVariable err = pred.sub(y);
        err.mul(err).mean().rename("loss");
        ema = tc.ema() > 0 ? new Ema(graph, graph.paramNames(), tc.ema(), false) : null;
        step = new GradientStep(graph, "loss", graph.paramNames(), tc.newOptimizer("opt"), tc.newSchedule(), tc.clip(),
                tc.accum(), ema, false);
        data = rngs.stream("data");
        batch = tc.batch() / tc.accum();
    }

    /** One micro-batch of fresh data. */
    public Map<String, INDArray> microBatch() {
        INDArray x = data.gaussian(graph.dtype(), batch, IN);
        INDArray noise = data.gaussian(graph.dtype(), batch, 1).muli(0.1);
        INDArray y = x.mmul(Nd4j.createFromArray(trueW).castTo(graph.dtype()).reshape(IN, 1)).addi(0.7).addi(noise);
        return Map.of("x", x, "y", y);
    }

    @Override
    public Map<String, Double> trainStep(long s) {
        return step.run(s, this::microBatch, List.of());
    }

    @Override
    public Map<String, Double> sample(SampleRequest request, Path out) {
        throw new UnsupportedOperationException("regression has no sampler");
    }

    @Override
    public Map<String, Double> evaluate(EvalRequest request) {
        return Map.of();
    }

    @Override
    public void writeState(StateBundle out) {
        graph.writeState(out);
        step.optimizer().writeState(out);
        if (ema != null) ema.writeState(out);
    }

    @Override
    public void readState(StateBundle in) {
        graph.readState(in);
        step.optimizer().readState(in);
        if (ema != null) ema.readState(in);
    }
}
