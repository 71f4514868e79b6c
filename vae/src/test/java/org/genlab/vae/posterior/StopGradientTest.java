package org.genlab.vae.posterior;

import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The estimators rely on SameDiff's stop_gradient: value passes, gradient is zero. */
class StopGradientTest {
    @Test
    void stopGradientPassesValueAndBlocksGradient() {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(1));
        SameDiff sd = g.sd();
        SDVariable x = sd.var("x", Nd4j.createFromArray(1.5, -2.0));
        // loss = sum(sg(x²)·x + x²): d/dx = x² + 2x (the sg factor contributes no x-gradient)
        SDVariable sq = x.mul(x);
        SDVariable loss = Graphs.stop(sq).mul(x).add(sq).sum().rename("loss");
        SDVariable zero = Graphs.zeroValued(sq).sum().rename("zero");
        sd.setLossVariables("loss");
        Map<String, INDArray> out = sd.output(Map.of(), "loss", "zero");
        assertEquals(1.5 * 1.5 * 1.5 + 8 * -1 + 1.5 * 1.5 + 4, out.get("loss").getDouble(0), 1e-12);
        assertEquals(0.0, out.get("zero").getDouble(0), 0.0);
        INDArray grad = sd.calculateGradients(Map.of(), List.of("x")).get("x");
        assertEquals(1.5 * 1.5 + 3.0, grad.getDouble(0), 1e-12);
        assertEquals(4.0 - 4.0, grad.getDouble(1), 1e-12);
    }
}
