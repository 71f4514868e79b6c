package org.genlab.diffusion.nn;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A measured SameDiff 1.0.0-M2.1 defect that shaped Activation.SILU as the score networks use it: the built-in swish op's gradient is NaN for
 * large positive inputs (d/dx x·σ(x) → 1), while x·sigmoid(x) from primitives is right. If an ND4J upgrade fixes
 * it, the first assertion fails, and the one-op swish can replace the two-op form.
 */
class SwishBackpropPitfallTest {
    private static INDArray grad(boolean builtin) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.createFromArray(-100f, 0f, 10f, 100f));
        SDVariable y = builtin ? sd.nn().swish(x) : x.mul(sd.nn().sigmoid(x));
        sd.setLossVariables(y.sum());
        return sd.calculateGradients(null, List.of("x")).get("x");
    }

    @Test
    void builtinSwishGradientIsNanForLargeInputs() {
        INDArray g = grad(true);
        assertTrue(Float.isNaN(g.getFloat(3)), "swish gradient at x = 100: " + g);
        INDArray ok = grad(false);
        assertEquals(0.5, ok.getDouble(1), 1e-6);
        assertEquals(1.0, ok.getDouble(3), 1e-6);
        assertEquals(1.0004086, ok.getDouble(2), 1e-5); // σ(10) + 10·σ(10)·(1 − σ(10))
        assertEquals(0.0, ok.getDouble(0), 1e-6);
    }
}
