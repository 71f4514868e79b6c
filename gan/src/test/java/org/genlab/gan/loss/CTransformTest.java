package org.genlab.gan.loss;

import org.genlab.common.math.ExactW1;
import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.testing.GradCheck;
import org.genlab.common.train.Adam;
import org.genlab.common.train.GradientStep;
import org.genlab.common.train.LrSchedule;
import org.genlab.gan.metrics.BatchW1;
import org.genlab.gan.model.CriticGraph;
import org.genlab.gan.model.GeneratorGraph;
import org.genlab.gan.model.Objective;
import org.genlab.gan.nn.Critic;
import org.genlab.gan.nn.CriticActivation;
import org.genlab.gan.nn.Generator;
import org.genlab.gan.penalty.GradientPenalty;
import org.genlab.gan.penalty.PenaltyPoints;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The minibatch c-transform (MATH.md §5.7): the in-graph cost matrix against common's ExactW1 cost, the graph's dual
 * against a Java reference, weak duality (dual ≤ exact optimal cost for any critic), a critic trained on one fixed
 * pair of batches reaching the exact W₁ from below, and gradient checks of both players' graphs.
 */
class CTransformTest {

    @Test
    void pairwiseCostMatchesTheJavaCostMatrix() {
        Rng r = new Rng(1);
        INDArray x = r.gaussian(DataType.DOUBLE, 5, 3), y = r.gaussian(DataType.DOUBLE, 4, 3);
        for (double[] qp : new double[][]{{2, 1}, {2, 2}, {1, 1}, {1.5, 1.2}, {1, 2}}) {
            ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(0));
            SDVariable c = CTransform.pairwiseCost(g.sd().constant(x), g.sd().constant(y), qp[0], qp[1]);
            double[][] got = g.sd().output(Map.of(), c.name()).get(c.name()).toDoubleMatrix();
            double[][] yy = y.toDoubleMatrix(), xx = x.toDoubleMatrix();
            double[][] want = new double[5][4];
            for (int i = 0; i < 5; i++) {
                // ExactW1.costMatrix needs equal sizes: compare row by row against 1x1 problems
                for (int j = 0; j < 4; j++) want[i][j] = ExactW1.costMatrix(new double[][]{xx[i]}, new double[][]{yy[j]}, qp[0], qp[1])[0][0];
            }
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 4; j++) assertEquals(want[i][j], got[i][j], 1e-6, "q=" + qp[0] + " p=" + qp[1]);
            }
        }
    }

    private static Critic.Spec spec() {
        return Critic.Spec.mlp(2, new long[]{32, 32}, CriticActivation.of(Activation.RELU), Init.heNormal(), false);
    }

    @Test
    void dualIsTheJavaDualAndNeverExceedsTheExactTransportCost() {
        Rng r = new Rng(2);
        for (int trial = 0; trial < 5; trial++) {
            CriticGraph cg = new CriticGraph(DataType.DOUBLE, new Rng(10 + trial), null, spec(), Objective.C_TRANSFORM,
                    GradientPenalty.none(), PenaltyPoints.INTERPOLATES, 2, 1);
            INDArray real = r.gaussian(DataType.DOUBLE, 12, 2), fake = r.gaussian(DataType.DOUBLE, 12, 2).addi(1.0);
            Map<String, INDArray> out = cg.graph().sd().output(Map.of(CriticGraph.REAL, real, CriticGraph.FAKE, fake,
                    CriticGraph.EPS, r.uniform(DataType.DOUBLE, 0, 1, 12, 1)), CriticGraph.ESTIMATE, CriticGraph.D_REAL);
            double dual = out.get(CriticGraph.ESTIMATE).getDouble(0);
            double[][] cost = ExactW1.costMatrix(real.toDoubleMatrix(), fake.toDoubleMatrix(), 2, 1);
            assertEquals(CTransform.dual(cost, out.get(CriticGraph.D_REAL).reshape(-1).toDoubleVector()), dual, 1e-9);
            assertTrue(dual <= BatchW1.exact(real, fake) + 1e-9, "weak duality: " + dual + " > W1");
        }
    }

    @Test
    void aTrainedCTransformCriticReachesTheExactMinibatchW1() {
        CriticGraph cg = new CriticGraph(DataType.DOUBLE, new Rng(3), null, spec(), Objective.C_TRANSFORM,
                GradientPenalty.none(), PenaltyPoints.INTERPOLATES, 2, 1);
        Rng r = new Rng(4);
        INDArray real = r.gaussian(DataType.DOUBLE, 16, 2), fake = r.gaussian(DataType.DOUBLE, 16, 2).muli(0.5).addi(1.5);
        Map<String, INDArray> feeds = Map.of(CriticGraph.REAL, real, CriticGraph.FAKE, fake,
                CriticGraph.EPS, r.uniform(DataType.DOUBLE, 0, 1, 16, 1));
        GradientStep step = new GradientStep(cg.graph(), CriticGraph.LOSS, cg.paramNames(), new Adam("opt", 0.5, 0.999, 1e-8, 0),
                new LrSchedule("constant", 1e-2, 0, 1000, 0, 0, 0.5), 0, 1, null, true);
        double w1 = BatchW1.exact(real, fake), first = Double.NaN, last = Double.NaN;
        for (int s = 0; s < 400; s++) {
            last = step.run(s, () -> feeds, List.of(CriticGraph.ESTIMATE)).get(CriticGraph.ESTIMATE);
            if (s == 0) first = last;
            assertTrue(last <= w1 + 1e-9, "weak duality at step " + s);
        }
        assertTrue(last > 0.97 * w1 && last > first, "dual " + first + " -> " + last + " should approach W1 = " + w1);
    }

    @Test
    void bothPlayersGraphsPassGradientChecks() {
        for (Objective obj : Objective.values()) {
            GeneratorGraph gg = new GeneratorGraph(DataType.DOUBLE, new Rng(5), 3,
                    g -> Generator.mlp(g.scope(GeneratorGraph.SCOPE), 3, new long[]{6}, 2, Activation.NONE, Init.normal(0.7)),
                    Critic.Spec.mlp(2, new long[]{5}, CriticActivation.of(Activation.TANH), Init.normal(0.7), false),
                    new Rng(6), obj, 2, 1);
            Rng r = new Rng(7);
            Map<String, INDArray> feeds = obj == Objective.C_TRANSFORM
                    ? Map.of(GeneratorGraph.Z, r.gaussian(DataType.DOUBLE, 6, 3), GeneratorGraph.REAL, r.gaussian(DataType.DOUBLE, 6, 2))
                    : Map.of(GeneratorGraph.Z, r.gaussian(DataType.DOUBLE, 6, 3));
            GradCheck.check(gg.graph(), GeneratorGraph.LOSS, feeds);

            CriticGraph cg = new CriticGraph(DataType.DOUBLE, new Rng(8), null,
                    Critic.Spec.mlp(2, new long[]{5}, CriticActivation.of(Activation.TANH), Init.normal(0.7), false), obj,
                    GradientPenalty.none(), PenaltyPoints.INTERPOLATES, 2, 1);
            GradCheck.check(cg.graph(), CriticGraph.LOSS, Map.of(CriticGraph.REAL, r.gaussian(DataType.DOUBLE, 6, 2),
                    CriticGraph.FAKE, r.gaussian(DataType.DOUBLE, 6, 2), CriticGraph.EPS, r.uniform(DataType.DOUBLE, 0, 1, 6, 1)));
        }
    }
}
