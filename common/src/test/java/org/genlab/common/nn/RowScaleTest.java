package org.genlab.common.nn;

import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RowScale: the broadcasting product's values, and gradients for both operands against central differences. */
class RowScaleTest {

    @Test
    void valuesEqualTheBroadcastingProduct() {
        ModelGraph g = Graphs.doubleGraph(1);
        INDArray v = GradCheck.uniform(2, 3, 2), x = GradCheck.uniform(3, 3, 2, 4, 5);
        INDArray y = Graphs.eval(g, RowScale.apply(g.sd().constant(v), g.sd().constant(x), 20));
        assertEquals(x.mul(v.reshape(3, 2, 1, 1)), y);
    }

    @Test
    void gradientsOfBothOperands() {
        ModelGraph g = Graphs.doubleGraph(2);
        SDVariable v = Graphs.input(g, "v", GradCheck.uniform(4, 3, 2).subi(0.5));
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(5, 3, 2, 4, 5));
        GradCheck.projectionLoss(g, RowScale.apply(v, x, 20), new long[]{3, 2, 4, 5}, 6, "loss");
        GradCheck.checkInput(g, "loss", Map.of(), "v");
        GradCheck.checkInput(g, "loss", Map.of(), "x");
    }
}
