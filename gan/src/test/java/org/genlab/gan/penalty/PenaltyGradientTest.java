package org.genlab.gan.penalty;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.gan.loss.WassersteinLoss;
import org.genlab.gan.model.CriticGraph;
import org.genlab.gan.model.Objective;
import org.genlab.gan.nn.Critic;
import org.genlab.gan.nn.CriticActivation;
import org.genlab.gan.nn.CriticSpecs;
import org.genlab.gan.testing.CriticReference;
import org.genlab.gan.testing.FiniteDifferences;
import org.genlab.gan.testing.Weights;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decisive test of the penalised critics: the gradient SameDiff computes for the FULL critic loss
 * (E D(x̃) − E D(x) + penalty, built by {@link CriticGraph} with the explicit input-gradient graph) matches, for
 * every critic weight, central finite differences of a reference loss whose penalty is evaluated from ∇ₓD obtained
 * independently (SameDiff's first-order input backprop in a separate graph, {@link CriticReference}) at the
 * perturbed weights. DOUBLE precision, MLP and convolutional critics, all penalty kinds. A penalty whose ∇ₓD is a
 * constant (fed as a placeholder, the silent bug this guards against) must fail the same check.
 */
class PenaltyGradientTest {
    private static final int N = 6;
    private static final double H = 1e-6, TOL = 1e-6, FLOOR = 1e-3;

    private record Setup(CriticGraph cg, Map<String, INDArray> feeds, INDArray real, INDArray fake, INDArray points,
                         CriticReference ref) {
    }

    private static double[] perSampleNorms(ModelGraph g, Map<String, INDArray> feeds) {
        // explicit-gradient norms at the interpolates: only used to pick a weight scale, never as a reference
        return g.sd().output(feeds, "probe_norms").get("probe_norms").toDoubleVector();
    }

    /** Reference loss: E D(x̃) − E D(x) + penalty(∇ₓD from SameDiff's input backprop), at the current weights. */
    private static DoubleSupplier referenceLoss(Setup s, GradientPenalty pen, PenaltyPoints pts) {
        return () -> {
            CriticReference.Eval e = s.ref().eval(s.cg().graph(), s.real(), s.fake(), s.points());
            double base = mean(e.dFake()) - mean(e.dReal());
            List<double[][]> grads = new ArrayList<>();
            if (pts == PenaltyPoints.INTERPOLATES) {
                grads.add(e.gradAtPoints());
            } else {
                grads.add(Arrays.copyOfRange(e.gradAtPoints(), 0, N));
                grads.add(Arrays.copyOfRange(e.gradAtPoints(), N, 2 * N));
            }
            return base + pen.value(grads);
        };
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s / a.length;
    }

    private static Map<String, INDArray> analytic(ModelGraph g, String loss, Map<String, INDArray> feeds) {
        g.sd().setLossVariables(loss);
        return g.sd().calculateGradients(feeds, g.paramNames(CriticGraph.SCOPE));
    }

    private static void checkPenalty(Critic.Spec spec, GradientPenalty pen, PenaltyPoints pts, long seed, String what) {
        Setup s = setupWithProbe(spec, pen, pts, seed);
        ModelGraph g = s.cg().graph();
        Map<String, INDArray> out = g.sd().output(s.feeds(), CriticGraph.LOSS, CriticGraph.PENALTY);
        double penalty = out.get(CriticGraph.PENALTY).getDouble(0);
        assertTrue(penalty > 1e-3, what + ": the penalty should be active, got " + penalty);
        DoubleSupplier ref = referenceLoss(s, pen, pts);
        assertEquals(out.get(CriticGraph.LOSS).getDouble(0), ref.getAsDouble(), 1e-10,
                what + ": graph loss vs reference loss");
        Map<String, INDArray> grads = analytic(g, CriticGraph.LOSS, s.feeds());
        FiniteDifferences.Result r = FiniteDifferences.compare(g, g.paramNames(CriticGraph.SCOPE), grads, ref, H, TOL, FLOOR);
        assertTrue(r.passed(), what + ": " + r);
        System.out.println("penalty gradient check, " + what + ": penalty " + penalty + ", " + r);
        assertEquals(Weights.count(g, CriticGraph.SCOPE), r.checked());
    }

    /** The graph under test with an extra output of per-sample explicit-gradient norms, used only to pick a weight scale. */
    private static Setup setupWithProbe(Critic.Spec spec, GradientPenalty pen, PenaltyPoints pts, long seed) {
        return ProbeSetup.make(spec, pen, pts, seed);
    }

    /** Builds the graph, adds the probe output, then scales the output layer. */
    private static final class ProbeSetup {
        static Setup make(Critic.Spec spec, GradientPenalty pen, PenaltyPoints pts, long seed) {
            CriticGraph cg = new CriticGraph(DataType.DOUBLE, new Rng(seed), new Rng(seed + 1), spec,
                    Objective.WASSERSTEIN, pen, pts, 2, 1);
            ModelGraph g = cg.graph();
            SDVariable interp = Interpolates.of(g.sd().getVariable(CriticGraph.REAL), g.sd().getVariable(CriticGraph.FAKE),
                    g.sd().getVariable(CriticGraph.EPS));
            GradientPenalty.norms(cg.critic().inputGradient(cg.critic().forward(interp))).rename("probe_norms");
            Weights.randomise(g, CriticGraph.SCOPE, 0.5, seed + 2);
            if (spec.spectral()) cg.critic().powerIteration(g, 2);
            Rng r = new Rng(seed + 3);
            INDArray real = r.gaussian(DataType.DOUBLE, N, spec.inputDim());
            INDArray fake = r.gaussian(DataType.DOUBLE, N, spec.inputDim()).muli(0.7).addi(0.3);
            INDArray eps = r.uniform(DataType.DOUBLE, 0, 1, N, 1);
            Map<String, INDArray> feeds = Map.of(CriticGraph.REAL, real, CriticGraph.FAKE, fake, CriticGraph.EPS, eps);
            double[] norms = perSampleNorms(g, feeds);
            Arrays.sort(norms);
            g.array(CriticGraph.SCOPE + "/out/W").muli(1.1 / norms[norms.length / 2]);
            INDArray points = pts == PenaltyPoints.INTERPOLATES ? fake.add(eps.mul(real.sub(fake))) : Nd4j.concat(0, real, fake);
            return new Setup(cg, feeds, real, fake, points, new CriticReference(spec, N, N, points.size(0)));
        }
    }

    @Test
    void everyPenaltyGradientReachesEveryMlpWeight() {
        long seed = 100;
        for (GradientPenalty pen : List.of(new GradientPenalty(PenaltyKind.TWO_SIDED, 10, 2),
                new GradientPenalty(PenaltyKind.ONE_SIDED, 10, 2), new GradientPenalty(PenaltyKind.LINEAR_HINGE, 10, 2))) {
            checkPenalty(CriticSpecs.mlp(CriticSpecs.relu(), false), pen, PenaltyPoints.INTERPOLATES, seed++, "mlp relu " + pen.kind());
            checkPenalty(CriticSpecs.mlp(CriticActivation.of(Activation.TANH), false), pen, PenaltyPoints.INTERPOLATES, seed++,
                    "mlp tanh " + pen.kind());
        }
        GradientPenalty div = new GradientPenalty(PenaltyKind.DIV, 2, 6);
        checkPenalty(CriticSpecs.mlp(CriticSpecs.relu(), false), div, PenaltyPoints.REAL_FAKE, seed++, "mlp relu div");
        checkPenalty(CriticSpecs.mlp(CriticActivation.of(Activation.SOFTPLUS), false), div, PenaltyPoints.REAL_FAKE, seed++,
                "mlp softplus div");
        checkPenalty(CriticSpecs.mlp(CriticSpecs.leaky(), false), new GradientPenalty(PenaltyKind.TWO_SIDED, 10, 2),
                PenaltyPoints.REAL_FAKE, seed++, "mlp leaky gp at real+fake");
        checkPenalty(CriticSpecs.mlp(CriticSpecs.relu(), true), new GradientPenalty(PenaltyKind.TWO_SIDED, 10, 2),
                PenaltyPoints.INTERPOLATES, seed, "spectrally normalised mlp gp");
    }

    @Test
    void everyPenaltyGradientReachesEveryConvWeight() {
        long seed = 200;
        for (GradientPenalty pen : List.of(new GradientPenalty(PenaltyKind.TWO_SIDED, 10, 2),
                new GradientPenalty(PenaltyKind.ONE_SIDED, 10, 2), new GradientPenalty(PenaltyKind.LINEAR_HINGE, 10, 2))) {
            checkPenalty(CriticSpecs.conv6(CriticSpecs.leaky(), false), pen, PenaltyPoints.INTERPOLATES, seed++, "conv " + pen.kind());
        }
        checkPenalty(CriticSpecs.conv6(CriticSpecs.leaky(), false), new GradientPenalty(PenaltyKind.DIV, 2, 6),
                PenaltyPoints.REAL_FAKE, seed++, "conv div");
        checkPenalty(CriticSpecs.conv7(CriticActivation.of(Activation.SILU)), new GradientPenalty(PenaltyKind.TWO_SIDED, 10, 2),
                PenaltyPoints.INTERPOLATES, seed, "conv 7x7 silu gp");
    }

    /**
     * The penalty reaches the interpolates' critic pass only through a′ (for ReLU a constant mask), not through its
     * scores: the gradient function differentiates the real and fake passes and the adjoint chain (one matmul_bp per
     * dense layer each), not the interpolates' pass. Seeding ∇ₓD with onesLike(score) once made SameDiff backpropagate
     * zeros through that pass as well (four matmul_bp per layer instead of three, ~15 % of a toy critic step).
     */
    @Test
    void theInterpolatesPassIsNotDifferentiatedForAReluCritic() {
        Critic.Spec spec = CriticSpecs.mlp(CriticSpecs.relu(), false);   // 2 → 8 → 8 → 1: three dense layers
        CriticGraph cg = new CriticGraph(DataType.FLOAT, new Rng(5), new Rng(6), spec, Objective.WASSERSTEIN,
                new GradientPenalty(PenaltyKind.TWO_SIDED, 10, 2), PenaltyPoints.INTERPOLATES, 2, 1);
        ModelGraph g = cg.graph();
        Rng r = new Rng(7);
        Map<String, INDArray> feeds = Map.of(CriticGraph.REAL, r.gaussian(DataType.FLOAT, N, 2),
                CriticGraph.FAKE, r.gaussian(DataType.FLOAT, N, 2), CriticGraph.EPS, r.uniform(DataType.FLOAT, 0, 1, N, 1));
        g.sd().setLossVariables(CriticGraph.LOSS);
        g.gradientsAndOutputs(g.feeds(feeds, true), List.of(CriticGraph.LOSS), cg.paramNames());
        long backprops = g.sd().getFunction("grad").getOps().values().stream()
                .filter(op -> op.getOp() instanceof org.nd4j.linalg.api.ops.impl.reduce.MmulBp).count();
        assertEquals(3 * 3, backprops, "matmul_bp ops: real pass, fake pass and the adjoint chain, three layers each");
    }

    @Test
    void aPenaltyWithAConstantInputGradientFailsTheSameCheck() {
        for (Critic.Spec spec : List.of(CriticSpecs.mlp(CriticSpecs.relu(), false), CriticSpecs.conv6(CriticSpecs.leaky(), false))) {
            GradientPenalty pen = new GradientPenalty(PenaltyKind.TWO_SIDED, 10, 2);
            Setup s = setupWithProbe(spec, pen, PenaltyPoints.INTERPOLATES, 300);
            ModelGraph g = s.cg().graph();
            // The buggy construction: ∇ₓD computed first, then fed back as a constant; the penalty's value is right
            // but no gradient flows from it to the weights.
            SDVariable gconst = g.sd().placeHolder("grad_const", DataType.DOUBLE, -1, spec.inputDim());
            SDVariable dReal = g.sd().getVariable(CriticGraph.D_REAL), dFake = g.sd().getVariable(CriticGraph.D_FAKE);
            WassersteinLoss.critic(dReal, dFake).add(pen.build(List.of(gconst))).rename("buggy_loss");
            INDArray explicit = Nd4j.create(s.ref().eval(g, s.real(), s.fake(), s.points()).gradAtPoints());
            Map<String, INDArray> feeds = new java.util.HashMap<>(s.feeds());
            feeds.put("grad_const", explicit);
            double buggyValue = g.sd().output(feeds, "buggy_loss").get("buggy_loss").getDouble(0);
            double rightValue = g.sd().output(s.feeds(), CriticGraph.LOSS).get(CriticGraph.LOSS).getDouble(0);
            assertEquals(rightValue, buggyValue, 1e-10, "same loss value, only the gradient differs");
            Map<String, INDArray> grads = analytic(g, "buggy_loss", feeds);
            FiniteDifferences.Result r = FiniteDifferences.compare(g, g.paramNames(CriticGraph.SCOPE), grads,
                    referenceLoss(s, pen, PenaltyPoints.INTERPOLATES), H, TOL, FLOOR);
            System.out.println("constant-gradient penalty (expected to fail): " + r);
            assertFalse(r.passed(), "a constant-gradient penalty must fail the check: " + r);
            assertTrue(r.failed() > r.checked() / 4, "most weights should show the missing penalty gradient: " + r);
        }
    }
}
