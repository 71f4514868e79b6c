package org.genlab.common.nn;

import org.apache.commons.math3.special.Erf;
import org.genlab.common.UsageException;
import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationTest {
    // Away from 0 so that ReLU's kink never falls inside a finite-difference step.
    private static final double[] XS = {-3.0, -1.3, -0.4, -0.15, 0.2, 0.7, 1.1, 2.5, 6.0};

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static DoubleUnaryOperator reference(Activation a) {
        return switch (a) {
            case NONE -> x -> x;
            case RELU -> x -> Math.max(0, x);
            case LEAKY_RELU -> x -> x > 0 ? x : Activation.DEFAULT_LEAKY_SLOPE * x;
            case SILU -> x -> x * sigmoid(x);
            case GELU -> x -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
            case SOFTPLUS -> x -> Math.log1p(Math.exp(x));
            case TANH -> Math::tanh;
            case SIGMOID -> ActivationTest::sigmoid;
        };
    }

    @Test
    void valuesMatchJavaReferences() {
        for (Activation a : Activation.values()) {
            ModelGraph g = Graphs.doubleGraph(1);
            INDArray out = Graphs.eval(g, a.apply(g.sd().constant(Nd4j.createFromArray(XS))));
            for (int i = 0; i < XS.length; i++) {
                assertEquals(reference(a).applyAsDouble(XS[i]), out.getDouble(i), 1e-12, a + " at " + XS[i]);
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (Activation a : Activation.values()) {
            ModelGraph g = Graphs.doubleGraph(2);
            SDVariable x = Graphs.input(g, "x", Nd4j.createFromArray(XS));
            // a variable-free graph has nothing to differentiate in SameDiff, so add a trivial trainable scale
            SDVariable s = g.scope("s").param("scale", Init.constant(1.0), 1, 1, 1);
            SDVariable y = a.apply(x.mul(s));
            GradCheck.projectionLoss(g, y, new long[]{XS.length}, 3, "loss");
            GradCheck.checkInput(g, "loss", Map.of(), "x");
        }
    }

    @Test
    void maskFormsOfReluAndLeakyReluEqualSameDiffsOpsInValueAndGradient() {
        // Activation.relu/leakyRelu are x·mask (fast backprop); SameDiff's relu/leakyrelu are the reference, including
        // at ±0, for tiny and huge values, in float and double. At exactly 0 the leaky gradient is α, as in PyTorch
        // and in the critic's explicit a′ (CriticActivation); SameDiff's leakyrelu_bp takes 1 there.
        double[] xs = {-1e30, -3.5, -1e-30, -0.0, 0.0, 1e-30, 0.25, 7.0, 1e30};
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (double alpha : new double[]{0.0, 0.2, 0.01, 0.3}) {
                INDArray[] mine = valueAndGradient(dt, xs, x -> alpha == 0 ? Activation.relu(x) : Activation.leakyRelu(x, alpha));
                INDArray[] ref = valueAndGradient(dt, xs, x -> alpha == 0 ? x.getSameDiff().nn().relu(x, 0.0)
                        : x.getSameDiff().nn().leakyRelu(x, alpha));
                for (int i = 0; i < xs.length; i++) {
                    String at = dt + " α=" + alpha + " x=" + xs[i];
                    assertEquals(ref[0].getDouble(i), mine[0].getDouble(i), Math.abs(ref[0].getDouble(i)) * 1e-7, "value " + at);
                    double expected = xs[i] == 0 ? alpha * (i + 1) : ref[1].getDouble(i);
                    assertEquals(expected, mine[1].getDouble(i), 1e-7, "gradient " + at);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Activation.leakySlope(Graphs.doubleGraph(1).sd().constant(1.0), 1.0));
    }

    /**
     * f(x) and d Σ w·f(x) / dx for weights w = 1, 2, 3, ..., in a ModelGraph: float graphs run Activation's Java
     * kernels (JavaKernels), so this compares them with SameDiff's ops too.
     */
    private static INDArray[] valueAndGradient(DataType dt, double[] xs, java.util.function.UnaryOperator<SDVariable> f) {
        ModelGraph g = new ModelGraph(dt, new org.genlab.common.random.Rng(1));
        org.nd4j.autodiff.samediff.SameDiff sd = g.sd();
        SDVariable x = sd.var("x", Nd4j.createFromArray(xs).castTo(dt));
        SDVariable y = f.apply(x);
        INDArray w = Nd4j.linspace(1, xs.length, xs.length).castTo(dt);
        y.mul(sd.constant(w)).sum().rename("loss");
        sd.setLossVariables("loss");
        var r = g.gradientsAndOutputs(Map.of(), java.util.List.of(y.name()), java.util.List.of("x"));
        return new INDArray[]{r.getOutputs().get(y.name()), r.getGradients().get("x")};
    }

    @Test
    void customLeakySlope() {
        ModelGraph g = Graphs.doubleGraph(3);
        INDArray out = Graphs.eval(g, Activation.leakyRelu(0.01).apply(g.sd().constant(Nd4j.createFromArray(-2.0, 3.0))));
        assertEquals(-0.02, out.getDouble(0), 1e-15);
        assertEquals(3.0, out.getDouble(1), 1e-15);
    }

    @Test
    void parsesConfigNames() {
        assertEquals(Activation.SILU, Activation.parse("swish"));
        assertEquals(Activation.SILU, Activation.parse(" SiLU "));
        assertEquals(Activation.LEAKY_RELU, Activation.parse("leaky-relu"));
        assertEquals(Activation.NONE, Activation.parse("identity"));
        for (Activation a : Activation.values()) assertEquals(a, Activation.parse(a.configName()));
        UsageException e = assertThrows(UsageException.class, () -> Activation.parse("mish"));
        assertTrue(e.getMessage().contains("'mish'") && e.getMessage().contains("gelu"), e.getMessage());
        assertThrows(UsageException.class, () -> Activation.parse(null));
    }

    @Test
    void builtinGeluIsOnlyAnApproximation() {
        // Why Activation.GELU is built from erf: SameDiff's gelu differs from x·Φ(x) by ~5e-3 at x = 1.
        ModelGraph g = Graphs.doubleGraph(4);
        INDArray out = Graphs.eval(g, g.sd().nn().gelu(g.sd().constant(Nd4j.scalar(DataType.DOUBLE, 1.0))));
        double exact = reference(Activation.GELU).applyAsDouble(1.0);
        assertTrue(Math.abs(out.getDouble(0) - exact) > 1e-3, "built-in gelu(1) = " + out.getDouble(0));
    }

    @ParameterizedTest(name = "Java kernel {0}")
    @ValueSource(booleans = {false, true})
    void softplusDoesNotOverflowInFloat(boolean kernel) {
        ModelGraph g = new ModelGraph(DataType.FLOAT, new org.genlab.common.random.Rng(1));
        org.nd4j.autodiff.samediff.SameDiff sd = kernel ? g.sd() : org.nd4j.autodiff.samediff.SameDiff.create();
        SDVariable x = sd.constant("x", Nd4j.createFromArray(-200f, -1f, 0f, 1f, 90f, 200f));
        SDVariable out = Activation.SOFTPLUS.apply(x);
        assertEquals(kernel ? 1 : 0, kernel ? g.kernelCount() : 0);
        INDArray y = sd.output(Map.of(), out.name()).get(out.name());
        float[] expected = {0f, (float) Math.log1p(Math.exp(-1)), (float) Math.log(2), (float) Math.log1p(Math.E), 90f, 200f};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(y.getFloat(i)), "softplus(" + x.getArr().getFloat(i) + ") must be finite");
            assertEquals(expected[i], y.getFloat(i), 1e-5f);
        }
    }
}
