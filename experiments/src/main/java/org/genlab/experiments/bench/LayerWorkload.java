package org.genlab.experiments.bench;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Conv2d;
import org.genlab.common.nn.GroupNorm;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.nn.Scope;
import org.genlab.common.random.Rng;
import org.genlab.common.train.StepArrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One layer of the U-Net at its full-resolution shape, [64, 32, 28, 28], forward and backward: the loss is
 * Σ layer(x)·c for a fixed random c, and the gradients are taken with respect to x and the layer's parameters, as
 * inside a training step (with the step's array reuse, {@link StepArrays}). These split the U-Net's ratio to PyTorch
 * into its convolutions and its normalisation and activation.
 */
public final class LayerWorkload implements Workload {
    private static final long[] SHAPE = {64, 32, 28, 28};

    private final String name;
    private final String description;
    private final BiFunction<Scope, SDVariable, SDVariable> layer;
    private ModelGraph graph;
    private SameDiff sd;
    private List<String> wrt;
    private StepArrays arrays;

    private LayerWorkload(String name, String description, BiFunction<Scope, SDVariable, SDVariable> layer) {
        this.name = name;
        this.description = description;
        this.layer = layer;
    }

    /** GroupNorm (8 groups of 4 channels, affine) then SiLU: the U-Net's normalisation and activation. */
    public static LayerWorkload groupNormSilu() {
        return new LayerWorkload("gn-silu", "GroupNorm(8 groups, 32 channels) + SiLU on [64, 32, 28, 28], forward + backward",
                (s, x) -> new GroupNorm(s.child("norm"), 32, 8).applySilu(x));
    }

    /** A 3×3 convolution, 32 → 32 channels, padding 1, no bias: the U-Net's full-resolution convolution. */
    public static LayerWorkload conv3x3() {
        return new LayerWorkload("conv3x3", "3x3 convolution 32 -> 32 channels (padding 1, no bias) on [64, 32, 28, 28], forward + backward",
                (s, x) -> new Conv2d(s.child("conv"), 32, 32, 3, 1, 1, false).apply(x));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void setUp() {
        Rng rng = new Rng(1);
        ModelGraph g = new ModelGraph(DataType.FLOAT, rng);
        graph = g;
        sd = g.sd();
        SDVariable x = g.scope("input").param("x", Init.normal(1.0), 1, 1, SHAPE);
        INDArray c = rng.gaussian(DataType.FLOAT, SHAPE);
        layer.apply(g.scope("layer"), x).mul(sd.constant("c", c)).sum().rename("loss");
        sd.setLossVariables("loss");
        wrt = g.paramNames();
        arrays = StepArrays.fromSystemProperty();
    }

    @Override
    public void run() {
        if (arrays == null) graph.gradientsAndOutputs(Map.of(), List.of(), wrt);
        else arrays.during(sd, () -> graph.gradientsAndOutputs(Map.of(), List.of(), wrt));
    }

    @Override
    public List<SameDiff> graphs() {
        return List.of(sd);
    }
}
