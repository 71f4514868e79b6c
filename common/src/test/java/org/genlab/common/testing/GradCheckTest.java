package org.genlab.common.testing;

import org.genlab.common.nn.Linear;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker must pass correct gradients and, above all, catch wrong ones. */
class GradCheckTest {

    /** tanh(x·W + b) with a projection loss; optionally plus c·Σ(v − sg(v)), which changes no value but adds c to ∂/∂v. */
    private static ModelGraph graph(String corrupt, double c) {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(7));
        // A variable, not a placeholder: SameDiff drops variable-free gradient paths into placeholders.
        SDVariable x = g.sd().var("x", GradCheck.uniform(11, 2, 3));
        Linear lin = new Linear(g.scope("lin"), 3, 4);
        SDVariable y = g.sd().math().tanh(lin.apply(x));
        SDVariable loss = GradCheck.projectionLoss(g, y, new long[]{2, 4}, 3, "base");
        if (corrupt != null) {
            SDVariable v = corrupt.equals("x") ? x : g.sd().getVariable(corrupt);
            SDVariable sg = new StopGradient(g.sd(), v).outputVariable();
            loss = loss.add(v.sub(sg).mul(c).sum());
        }
        loss.rename("loss");
        return g;
    }

    private static Map<String, INDArray> feeds() {
        return Map.of();
    }

    @Test
    void passesOnCorrectGradients() {
        ModelGraph g = graph(null, 0);
        GradCheck.Report r = GradCheck.check(g, "loss", feeds());
        assertTrue(r.passed());
        assertEquals(12 + 4, r.checked());
        assertTrue(r.maxError() < 1e-7, r.toString());
        GradCheck.Report ri = GradCheck.checkInput(g, "loss", feeds(), "x");
        assertEquals(6, ri.checked());
    }

    @Test
    void failsWhenTheGraphGradientIsWrong() {
        // The stop-gradient term leaves the loss value unchanged, so finite differences see the true gradient while
        // backprop reports it shifted by 1e-3: a small error the checker must still catch and locate.
        ModelGraph g = graph("lin/W", 1e-3);
        GradCheck.Report r = GradCheck.evaluate(g, "loss", feeds(), g.paramNames(), GradCheck.Options.defaults());
        assertFalse(r.passed());
        assertEquals("lin/W", r.worst().variable());
        assertEquals(12, r.failed(), r.toString()); // every W element, and no b element
        assertEquals(1e-3, r.worst().analytic() - r.worst().numeric(), 1e-8);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.check(g, "loss", feeds()));
        assertTrue(e.getMessage().contains("lin/W["), e.getMessage());
        assertTrue(e.getMessage().contains("FAILED"), e.getMessage());
    }

    @Test
    void failsWhenTheInputGradientIsWrong() {
        ModelGraph g = graph("x", 0.01);
        GradCheck.check(g, "loss", feeds()); // parameters are unaffected
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.checkInput(g, "loss", feeds(), "x"));
        assertTrue(e.getMessage().contains("x["), e.getMessage());
    }

    @Test
    void flagsParametersThatDoNotReachTheLoss() {
        ModelGraph g = graph(null, 0);
        new Linear(g.scope("unused"), 3, 2); // parameters created but never applied
        GradCheck.Report r = GradCheck.evaluate(g, "loss", feeds(), g.paramNames(), GradCheck.Options.defaults());
        assertFalse(r.passed());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("unused/W")), r.toString());
        assertTrue(GradCheck.evaluate(g, "loss", feeds(), g.paramNames(),
                GradCheck.Options.defaults().withAllowZeroGradient(true)).passed());
    }

    @Test
    void samplesBigVariablesDeterministically() {
        GradCheck.Options o = GradCheck.Options.defaults();
        long[] a = GradCheck.indices(1000, o, new Rng(o.seed()));
        long[] b = GradCheck.indices(1000, o, new Rng(o.seed()));
        assertEquals(30, a.length);
        assertTrue(java.util.Arrays.equals(a, b));
        assertEquals(30, java.util.Arrays.stream(a).distinct().count());
        assertEquals(64, GradCheck.indices(64, o, new Rng(1)).length);
    }

    @Test
    void refusesFloatGraphs() {
        ModelGraph g = new ModelGraph(DataType.FLOAT, new Rng(1));
        assertThrows(IllegalArgumentException.class, () -> GradCheck.evaluate(g, "loss", Map.of(), List.of(), GradCheck.Options.defaults()));
    }
}
