package org.genlab.common.nn;

import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measured defects of SameDiff 1.0.0-M2.1 that shaped the blocks in this package. Each test asserts the defect, so
 * if an ND4J upgrade fixes one, the test fails and points at the workaround that may be dropped.
 */
class SameDiffPitfallsTest {

    private static GradCheck.Report evaluate(ModelGraph g, Map<String, INDArray> feeds, List<String> vars) {
        return GradCheck.evaluate(g, "loss", feeds, vars, GradCheck.Options.defaults());
    }

    @Test
    void gatherBackpropIsWrongForRepeatedIds() {
        // Why Embedding uses a one-hot product.
        ModelGraph g = Graphs.doubleGraph(1);
        SDVariable ids = g.sd().placeHolder("ids", DataType.INT32, -1);
        SDVariable w = g.scope("emb").param("W", Init.normal(1.0), 5, 3, 5, 3);
        SDVariable y = g.sd().gather(w, ids, 0);
        GradCheck.projectionLoss(g, y, new long[]{6, 3}, 2, "loss");
        GradCheck.Report r = evaluate(g, Map.of("ids", Nd4j.createFromArray(0, 1, 1, 4, 2, 0)), g.paramNames());
        assertFalse(r.passed(), r.toString());
    }

    /** Built-in lstmLayer with weights registered as parameters; initial state optional. */
    private static ModelGraph builtinLstm(boolean initialState) {
        ModelGraph g = Graphs.doubleGraph(2);
        SameDiff sd = g.sd();
        int n = 2, steps = 3, in = 2, h = 2;
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, n, steps, in);
        Scope s = g.scope("lstm");
        SDVariable wx = s.param("Wx", Init.uniform(0.7), 1, 1, in, 4 * h);
        SDVariable wr = s.param("Wr", Init.uniform(0.7), 1, 1, h, 4 * h);
        SDVariable b = s.param("b", Init.uniform(0.7), 1, 1, 4 * h);
        SDVariable h0 = initialState ? sd.constant("h0", GradCheck.uniform(3, n, h)) : null;
        SDVariable c0 = initialState ? sd.constant("c0", GradCheck.uniform(4, n, h)) : null;
        LSTMLayerConfig cfg = LSTMLayerConfig.builder().lstmdataformat(LSTMDataFormat.NTS).directionMode(LSTMDirectionMode.FWD)
                .gateAct(LSTMActivations.SIGMOID).cellAct(LSTMActivations.TANH).outAct(LSTMActivations.TANH)
                .retFullSequence(true).retLastH(false).retLastC(false).build();
        SDVariable[] out = sd.rnn().lstmLayer(x, c0, h0, null, LSTMLayerWeights.builder().weights(wx).rWeights(wr).bias(b).build(), cfg);
        GradCheck.projectionLoss(g, out[0], new long[]{n, steps, h}, 5, "loss");
        return g;
    }

    @Test
    void lstmLayerBackpropIsWrongWithAnInitialState() {
        // Why Lstm is unrolled from primitives: without an initial state the built-in op is right, with one it is not.
        Map<String, INDArray> feeds = Map.of("x", GradCheck.uniform(6, 2, 3, 2));
        ModelGraph plain = builtinLstm(false);
        assertTrue(evaluate(plain, feeds, plain.paramNames()).passed());
        ModelGraph init = builtinLstm(true);
        GradCheck.Report r = evaluate(init, feeds, init.paramNames());
        assertFalse(r.passed(), r.toString());
    }

    @Test
    void placeholderGradientsMissPathsThatAvoidVariables() {
        // loss = Σ x·W + ½Σx²-style terms: the direct x terms never reach a trainable variable, so SameDiff leaves
        // them out of ∂loss/∂x when x is a placeholder, and gets them right when x is a variable.
        for (boolean placeholder : new boolean[]{true, false}) {
            ModelGraph g = Graphs.doubleGraph(3);
            INDArray xv = GradCheck.uniform(7, 2, 3);
            SDVariable x = placeholder ? g.sd().placeHolder("x", DataType.DOUBLE, -1, 3) : g.sd().var("x", xv);
            SDVariable y = new Linear(g.scope("fc"), 3, 2).apply(x);
            SDVariable direct = GradCheck.projectionLoss(g, x, new long[]{2, 3}, 8, "direct");
            GradCheck.projectionLoss(g, y, new long[]{2, 2}, 9, "viaW").add(direct).rename("loss");
            GradCheck.Report r = evaluate(g, placeholder ? Map.of("x", xv) : Map.of(), List.of("x"));
            assertTrue(r.passed() != placeholder, r.toString());
        }
    }

    @Test
    void keepDimsMeanOverMinusOneIsWrongForRank3() {
        // Why LayerNorm flattens to [rows, d] before reducing.
        SameDiff sd = SameDiff.create();
        INDArray xv = GradCheck.uniform(10, 2, 3, 4);
        SDVariable x = sd.constant(xv);
        INDArray viaMinusOne = x.mean(true, -1).eval();
        assertFalse(xv.mean(true, 2).equalsWithEps(viaMinusOne, 1e-9), "mean(keepDims, -1) = " + viaMinusOne);
    }

    @Test
    void builtinSwishGradientIsNaNForLargeInputsInFloat() {
        // Why Activation.SILU stays x·sigmoid(x): the fused swish is faster, but its derivative overflows exp(x)²
        // and returns NaN from x ≈ 44 on in float (1.0 in double), which would end a training run.
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.createFromArray(-50f, 0f, 10f, 50f));
        sd.setLossVariables(sd.nn().swish(x).sum().name());
        INDArray dx = sd.calculateGradients(Map.of(), "x").get("x");
        assertTrue(Double.isFinite(dx.getDouble(2)), dx.toString());
        assertTrue(Double.isNaN(dx.getDouble(3)), "swish gradient at 50 is " + dx.getDouble(3) + ": fixed upstream?");
    }

    @Test
    void externalErrorsApplyTheInjectedGradientTwice() {
        // ExternalErrorsFunction feeds a gradient computed outside the graph into it (bench/SegmentedBlockProbe.java
        // uses it to run a layer in Java between two graph segments). In M2.1 the gradient it delivers is twice the
        // chain rule's: h = 0.5·w with dL/dh = G gives dL/dw = G, not 0.5·G. Halve the injected gradient.
        SameDiff sd = SameDiff.create();
        SDVariable w = sd.var("w", Nd4j.createFromArray(2.0, 3.0));
        SDVariable h = w.mul(0.5).rename("h");
        org.nd4j.autodiff.util.SameDiffUtils.externalErrors(sd, null, h);
        INDArray g = Nd4j.createFromArray(1.0, 10.0);
        INDArray dw = sd.calculateGradients(Map.of("h-grad", g), List.of("w")).get("w");
        assertTrue(dw.equalsWithEps(g, 1e-12), "dL/dw = " + dw + " for G = " + g + " (0.5·G would mean fixed upstream)");
    }
}
