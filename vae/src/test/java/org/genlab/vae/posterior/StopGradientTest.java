package org.genlab.vae.posterior;

import org.genlab.common.nn.Activation;
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

/** Graph helpers: stop_gradient passes the value with zero gradient; softplus is finite for large inputs. */
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

    @Test
    void softplusIsStableInFloatAndHasSigmoidGradient() {
        SameDiff sd = SameDiff.create();
        float[] xs = {-1000f, -100f, -5f, 0f, 3f, 50f, 89f, 100f, 1000f};
        SDVariable x = sd.var("x", Nd4j.createFromArray(xs));
        float[] y = Activation.softplus(x).eval().toFloatVector();
        for (int i = 0; i < xs.length; i++) {
            double exact = Math.max(xs[i], 0) + Math.log1p(Math.exp(-Math.abs(xs[i])));
            assertEquals(exact, y[i], 1e-6 * (1 + Math.abs(exact)), "softplus(" + xs[i] + ")");
        }
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(2));
        SDVariable v = g.sd().var("v", Nd4j.createFromArray(-30.0, -2.0, 0.5, 40.0));
        Activation.softplus(v).sum().rename("loss");
        g.sd().setLossVariables("loss");
        double[] grad = g.sd().calculateGradients(Map.of(), List.of("v")).get("v").toDoubleVector();
        double[] at = {-30.0, -2.0, 0.5, 40.0};
        for (int i = 0; i < at.length; i++) assertEquals(1 / (1 + Math.exp(-at[i])), grad[i], 1e-12);
    }
}
