package org.genlab.experiments.bench;

import org.nd4j.autodiff.samediff.SameDiff;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Mlp;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.train.Adam;
import org.genlab.common.train.GradientStep;
import org.genlab.common.train.LrSchedule;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/** The 784-512-512-784 ReLU MLP, batch 128, MSE to its input, one Adam step (DL4J_NOTES' reference workload). */
public final class MlpAdamWorkload implements Workload {
    private ModelGraph graph;
    private GradientStep step;
    private Map<String, INDArray> feeds;
    private long t;

    @Override
    public String name() {
        return "mlp-adam";
    }

    @Override
    public String description() {
        return "784-512-512-784 ReLU MLP, batch 128, MSE to the input, Adam step";
    }

    @Override
    public void setUp() {
        Rng rng = new Rng(1);
        ModelGraph g = new ModelGraph(DataType.FLOAT, rng);
        graph = g;
        SDVariable x = g.sd().placeHolder("x", DataType.FLOAT, -1, 784);
        SDVariable y = new Mlp(g.scope("mlp"), new long[]{784, 512, 512, 784}, Activation.RELU).apply(x);
        SDVariable d = y.sub(x);
        d.mul(d).mean().rename("loss");
        step = new GradientStep(g, "loss", g.paramNames(), new Adam("opt", 0.9, 0.999, 1e-8, 0), LrSchedule.constant(1e-3),
                0, 1, null, false);
        feeds = Map.of("x", rng.uniform(DataType.FLOAT, 0, 1, 128, 784));
    }

    @Override
    public void run() {
        step.run(t++, () -> feeds, List.of());
    }

    @Override
    public List<SameDiff> graphs() {
        return List.of(graph.sd());
    }
}
