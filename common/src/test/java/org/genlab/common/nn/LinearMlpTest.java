package org.genlab.common.nn;

import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearMlpTest {

    @Test
    void linearIsXWPlusB() {
        ModelGraph g = Graphs.doubleGraph(1);
        Linear lin = new Linear(g.scope("fc"), 3, 4);
        INDArray xv = GradCheck.uniform(2, 5, 3);
        SDVariable y = lin.apply(g.sd().constant(xv));
        INDArray expected = xv.mmul(g.array("fc/W")).addRowVector(g.array("fc/b"));
        assertEquals(List.of("fc/W", "fc/b"), g.paramNames());
        assertTrue(expected.equalsWithEps(Graphs.eval(g, y), 1e-12));
        // PyTorch default init: U(±1/sqrt(in))
        assertTrue(g.array("fc/W").amaxNumber().doubleValue() <= 1 / Math.sqrt(3));
    }

    @Test
    void linearGradients() {
        ModelGraph g = Graphs.doubleGraph(2);
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(3, 3, 4));
        SDVariable y = new Linear(g.scope("fc"), 4, 2).apply(x);
        GradCheck.projectionLoss(g, y, new long[]{3, 2}, 4, "loss");
        GradCheck.check(g, "loss", Map.of());
        GradCheck.checkInput(g, "loss", Map.of(), "x");
    }

    @Test
    void linearWithoutBias() {
        ModelGraph g = Graphs.doubleGraph(3);
        Linear lin = new Linear(g.scope("fc"), 2, 2, false);
        assertEquals(List.of("fc/W"), g.paramNames());
        assertEquals(null, lin.bias());
    }

    @Test
    void mlpMatchesJavaForwardAndHasNoFinalActivation() {
        ModelGraph g = Graphs.doubleGraph(4);
        Mlp mlp = new Mlp(g.scope("mlp"), new long[]{3, 5, 2}, Activation.TANH);
        INDArray xv = GradCheck.uniform(5, 4, 3).muli(3);
        SDVariable y = mlp.apply(g.sd().constant(xv));
        INDArray h = Nd4j.math().tanh(xv.mmul(g.array("mlp/fc0/W")).addRowVector(g.array("mlp/fc0/b")));
        INDArray expected = h.mmul(g.array("mlp/fc1/W")).addRowVector(g.array("mlp/fc1/b"));
        assertTrue(expected.equalsWithEps(Graphs.eval(g, y), 1e-12));
        assertEquals(List.of("mlp/fc0/W", "mlp/fc0/b", "mlp/fc1/W", "mlp/fc1/b"), g.paramNames());
    }

    @Test
    void mlpGradients() {
        ModelGraph g = Graphs.doubleGraph(5);
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(6, 3, 4));
        SDVariable y = new Mlp(g.scope("mlp"), new long[]{4, 6, 5, 2}, Activation.SILU).apply(x);
        GradCheck.projectionLoss(g, y, new long[]{3, 2}, 7, "loss");
        GradCheck.check(g, "loss", Map.of());
        GradCheck.checkInput(g, "loss", Map.of(), "x");
    }
}
