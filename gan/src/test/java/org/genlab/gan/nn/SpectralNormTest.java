package org.genlab.gan.nn;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.testing.GradCheck;
import org.genlab.gan.model.CriticGraph;
import org.genlab.gan.model.Objective;
import org.genlab.gan.penalty.GradientPenalty;
import org.genlab.gan.penalty.PenaltyPoints;
import org.genlab.gan.testing.Weights;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spectral normalisation (MATH.md §5.4): the power-iteration estimate σ = vᵀWu converges to the largest singular
 * value from an SVD (commons-math3), both when iterated at once and one step per training step (Miyato's schedule);
 * the in-graph σ equals the Java estimate; the normalised weights have spectral norm 1; and the gradient of a loss
 * through W/σ (u, v held fixed, no gradient through them) matches finite differences.
 */
class SpectralNormTest {

    private static double topSingularValue(INDArray w, long rows, long cols) {
        double[][] m = w.castTo(DataType.DOUBLE).reshape('c', rows, cols).toDoubleMatrix();
        return new SingularValueDecomposition(new Array2DRowRealMatrix(m)).getSingularValues()[0];
    }

    @Test
    void powerIterationConvergesToTheLargestSingularValue() {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(1));
        g.sd().placeHolder("x", DataType.DOUBLE, -1, 2);
        Critic c = new Critic(g.scope("critic"), CriticSpecs.conv6(CriticSpecs.leaky(), true), new Rng(2));
        Weights.randomise(g, "critic", 1.0, 3);
        List<SpectralNorm> sns = c.spectralNorms();
        assertEquals(4, sns.size(), "two convolutions and two dense layers");
        for (SpectralNorm sn : sns) {
            double exact = topSingularValue(g.array(sn.weightName()), sn.rows(), sn.cols());
            double first = Math.abs(sn.sigmaEstimate(g) - exact);
            sn.powerIteration(g, 200);
            double est = sn.sigmaEstimate(g);
            assertEquals(exact, est, 1e-9 * exact, sn.weightName() + ": σ after 200 iterations vs SVD");
            assertTrue(est <= exact * (1 + 1e-12), "vᵀWu with unit u, v never exceeds the top singular value");
            if (first > 1e-6 * exact) assertTrue(first > Math.abs(est - exact), "iteration must improve the estimate");
        }
    }

    @Test
    void oneIterationPerStepTracksASlowlyChangingWeight() {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(4));
        Critic c = new Critic(g.scope("critic"), Critic.Spec.mlp(6, new long[]{5}, CriticSpecs.relu(),
                org.genlab.common.nn.Init.normal(1.0), true), new Rng(5));
        SpectralNorm sn = c.spectralNorms().get(0);
        INDArray w = g.array(sn.weightName());
        Rng r = new Rng(6);
        for (int step = 0; step < 300; step++) {
            w.addi(r.gaussian(DataType.DOUBLE, w.shape()).muli(1e-3)); // a small "optimiser update"
            sn.powerIteration(g, 1);
        }
        double exact = topSingularValue(w, sn.rows(), sn.cols());
        assertEquals(exact, sn.sigmaEstimate(g), 1e-4 * exact, "Miyato's one iteration per step keeps up");
    }

    @Test
    void normalisedWeightHasUnitSpectralNormAndGraphSigmaMatchesJava() {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(7));
        Critic c = new Critic(g.scope("critic"), CriticSpecs.mlp(CriticSpecs.relu(), true), new Rng(8));
        Weights.randomise(g, "critic", 1.0, 9);
        c.powerIteration(g, 300);
        for (SpectralNorm sn : c.spectralNorms()) {
            Map<String, INDArray> out = g.sd().output(Map.of(), sn.sigma().name(), sn.normalized().name());
            assertEquals(sn.sigmaEstimate(g), out.get(sn.sigma().name()).getDouble(0), 1e-12);
            double top = topSingularValue(out.get(sn.normalized().name()), sn.rows(), sn.cols());
            assertEquals(1.0, top, 1e-8, sn.weightName() + ": ‖W/σ‖₂");
        }
    }

    @Test
    void gradientThroughTheNormalisedWeightMatchesFiniteDifferences() {
        for (Critic.Spec spec : List.of(CriticSpecs.mlp(CriticSpecs.relu(), true), CriticSpecs.conv6(CriticSpecs.leaky(), true))) {
            CriticGraph cg = new CriticGraph(DataType.DOUBLE, new Rng(10), new Rng(11), spec, Objective.WASSERSTEIN,
                    GradientPenalty.none(), PenaltyPoints.INTERPOLATES, 2, 1);
            ModelGraph g = cg.graph();
            Weights.randomise(g, CriticGraph.SCOPE, 0.5, 12);
            cg.critic().powerIteration(g, 5);
            Rng r = new Rng(13);
            Map<String, INDArray> feeds = Map.of(CriticGraph.REAL, r.gaussian(DataType.DOUBLE, 5, spec.inputDim()),
                    CriticGraph.FAKE, r.gaussian(DataType.DOUBLE, 5, spec.inputDim()).addi(0.5),
                    CriticGraph.EPS, r.uniform(DataType.DOUBLE, 0, 1, 5, 1));
            GradCheck.Report rep = GradCheck.check(g, CriticGraph.LOSS, feeds, GradCheck.Options.defaults().withSampling(200, 60));
            assertTrue(rep.passed(), rep.toString());
            // u and v are buffers, not parameters: the optimiser never sees them
            for (SpectralNorm sn : cg.critic().spectralNorms()) {
                assertFalse(g.paramNames().contains(sn.uName()));
                assertTrue(g.bufferNames().contains(sn.vName()));
            }
        }
    }
}
