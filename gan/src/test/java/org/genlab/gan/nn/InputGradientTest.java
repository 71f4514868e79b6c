package org.genlab.gan.nn;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.gan.testing.CriticReference;
import org.genlab.gan.testing.Weights;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explicit input-gradient graph ∇ₓD of {@link Critic} against central finite differences of D in x and against
 * SameDiff's own backprop with respect to an input variable, for every supported activation (MLP) and for
 * convolutional critics, in DOUBLE.
 */
class InputGradientTest {

    /** Max |explicit − reference| / max(|reference|, 1) over all entries; asserts both references agree. */
    private static void check(Critic.Spec spec, int n, long seed, String what) {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(seed));
        SDVariable x = g.sd().placeHolder("x", DataType.DOUBLE, -1, spec.inputDim());
        Critic c = new Critic(g.scope("critic"), spec, new Rng(seed + 1));
        Critic.Pass p = c.forward(x);
        String score = p.score().rename("score").name();
        String grad = c.inputGradient(p).rename("grad").name();
        Weights.randomise(g, "critic", 0.5, seed + 2);
        if (spec.spectral()) c.powerIteration(g, 3);

        INDArray xs = new Rng(seed + 3).gaussian(DataType.DOUBLE, n, spec.inputDim());
        Map<String, INDArray> out = g.sd().output(Map.of("x", xs), score, grad);
        double[][] explicit = out.get(grad).toDoubleMatrix();
        assertEquals(n, explicit.length);
        assertEquals(spec.inputDim(), explicit[0].length);

        double h = 1e-6, worstFd = 0, worstAd = 0, maxAbs = 0;
        double[][] autodiff = new CriticReference(spec, n, n, n).inputGradient(g, xs);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < spec.inputDim(); j++) {
                double orig = xs.getDouble(i, j);
                xs.putScalar(i, j, orig + h);
                double up = g.sd().output(Map.of("x", xs), score).get(score).getDouble(i);
                xs.putScalar(i, j, orig - h);
                double dn = g.sd().output(Map.of("x", xs), score).get(score).getDouble(i);
                xs.putScalar(i, j, orig);
                double fd = (up - dn) / (2 * h);
                maxAbs = Math.max(maxAbs, Math.abs(fd));
                worstFd = Math.max(worstFd, Math.abs(explicit[i][j] - fd) / Math.max(Math.abs(fd), 1.0));
                worstAd = Math.max(worstAd, Math.abs(explicit[i][j] - autodiff[i][j]) / Math.max(Math.abs(autodiff[i][j]), 1.0));
            }
        }
        assertTrue(maxAbs > 1e-3, what + ": the input gradient should not vanish, max |∇D| " + maxAbs);
        assertTrue(worstFd < 1e-7, what + ": explicit ∇ₓD vs finite differences, worst error " + worstFd);
        assertTrue(worstAd < 1e-10, what + ": explicit ∇ₓD vs SameDiff input backprop, worst error " + worstAd);
    }

    @Test
    void mlpInputGradientIsExactForEverySupportedActivation() {
        long seed = 10;
        for (Activation a : Activation.values()) {
            check(CriticSpecs.mlp(CriticActivation.of(a), false), 5, seed++, "mlp " + a);
        }
        check(CriticSpecs.mlp(CriticActivation.leakyRelu(0.05), false), 5, seed, "mlp leaky_relu:0.05");
    }

    @Test
    void convolutionalInputGradientIsExact() {
        check(CriticSpecs.conv6(CriticSpecs.leaky(), false), 3, 30, "conv 6x6 leaky");
        check(CriticSpecs.conv6(CriticActivation.of(Activation.TANH), false), 3, 31, "conv 6x6 tanh");
        check(CriticSpecs.conv7(CriticSpecs.relu()), 3, 32, "conv 7x7 (unread border) relu");
    }

    @Test
    void spectrallyNormalisedCriticsToo() {
        check(CriticSpecs.mlp(CriticSpecs.relu(), true), 4, 40, "mlp sn");
        check(CriticSpecs.conv6(CriticSpecs.leaky(), true), 2, 41, "conv sn");
    }
}
