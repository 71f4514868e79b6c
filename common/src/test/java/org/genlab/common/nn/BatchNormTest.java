package org.genlab.common.nn;

import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BatchNorm from primitives: batch statistics in training, running statistics at evaluation, buffer updates. */
class BatchNormTest {

    private record Setup(ModelGraph g, BatchNorm bn, SDVariable y) {
    }

    /** x is a placeholder of the given shape (channels at dim 1). */
    private static Setup setup(long[] shape, BatchNorm.Options o) {
        ModelGraph g = Graphs.doubleGraph(1);
        SDVariable x = g.sd().placeHolder("x", DataType.DOUBLE, shape);
        BatchNorm bn = new BatchNorm(g.scope("bn"), shape[1], o);
        return new Setup(g, bn, bn.apply(x));
    }

    /** Per-channel values of a [n, c] or [n, c, h, w] array as rows [c, n·h·w]. */
    private static INDArray perChannel(INDArray a) {
        long c = a.size(1);
        INDArray p = a.rank() == 2 ? a : a.permute(1, 0, 2, 3).dup().reshape(c, -1);
        return a.rank() == 2 ? p.transpose().dup() : p;
    }

    @Test
    void trainingOutputHasBatchMeanBetaAndStdGamma() {
        for (long[] shape : new long[][]{{6, 3}, {3, 2, 3, 3}}) {
            Setup s = setup(shape, BatchNorm.Options.defaults().withEps(1e-5));
            long c = shape[1];
            INDArray gamma = GradCheck.uniform(2, c).addi(1.5), beta = GradCheck.uniform(3, c);
            s.g().array("bn/gamma").assign(gamma);
            s.g().array("bn/beta").assign(beta);
            INDArray xv = GradCheck.uniform(4, shape).muli(3).addi(1);
            INDArray y = Graphs.eval(s.g(), s.y(), Map.of("x", xv), true);
            INDArray px = perChannel(xv), py = perChannel(y);
            for (int ch = 0; ch < c; ch++) {
                double v = px.getRow(ch).var(false).getDouble(0);
                assertEquals(beta.getDouble(ch), py.getRow(ch).meanNumber().doubleValue(), 1e-12);
                // biased std of the output is γ·sqrt(v / (v + eps)) exactly
                double std = Math.sqrt(py.getRow(ch).var(false).getDouble(0));
                assertEquals(Math.abs(gamma.getDouble(ch)) * Math.sqrt(v / (v + 1e-5)), std, 1e-12);
            }
        }
    }

    @Test
    void evaluationUsesRunningStatistics() {
        Setup s = setup(new long[]{2, 3, 2, 2}, BatchNorm.Options.defaults());
        INDArray rm = Nd4j.createFromArray(0.5, -1.0, 2.0), rv = Nd4j.createFromArray(4.0, 0.25, 1.0);
        s.g().array("bn/running_mean").assign(rm);
        s.g().array("bn/running_var").assign(rv);
        INDArray gamma = Nd4j.createFromArray(2.0, 0.5, -1.0), beta = Nd4j.createFromArray(0.1, 0.2, 0.3);
        s.g().array("bn/gamma").assign(gamma);
        s.g().array("bn/beta").assign(beta);
        INDArray xv = GradCheck.uniform(5, 2, 3, 2, 2);
        INDArray y = Graphs.eval(s.g(), s.y(), Map.of("x", xv), false);
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < 2; i++)
                    for (int j = 0; j < 2; j++) {
                        double e = (xv.getDouble(n, c, i, j) - rm.getDouble(c)) / Math.sqrt(rv.getDouble(c) + 1e-5)
                                * gamma.getDouble(c) + beta.getDouble(c);
                        assertEquals(e, y.getDouble(n, c, i, j), 1e-12);
                    }
        // a single sample works at evaluation (no batch statistics involved)
        INDArray one = Graphs.eval(s.g(), s.y(), Map.of("x", xv.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1))), false);
        assertTrue(Double.isFinite(one.sumNumber().doubleValue()));
    }

    @Test
    void runningStatisticsFollowTheBatchAfterEachStep() {
        Setup s = setup(new long[]{4, 2, 2, 2}, BatchNorm.Options.defaults().withMomentum(0.8));
        ModelGraph g = s.g();
        assertEquals(List.of("bn/running_mean", "bn/running_var"), g.bufferNames());
        assertFalse(g.paramNames().contains("bn/running_mean"));
        INDArray xv = GradCheck.uniform(6, 4, 2, 2, 2).muli(2).addi(3);
        Map<String, INDArray> out = g.sd().output(g.feeds(Map.of("x", xv), true), g.bufferStatNames().toArray(new String[0]));
        g.applyBufferUpdates(out);
        INDArray px = perChannel(xv);
        for (int c = 0; c < 2; c++) {
            double mean = px.getRow(c).meanNumber().doubleValue();
            double unbiased = px.getRow(c).var(true).getDouble(0);
            assertEquals(0.8 * 0 + 0.2 * mean, g.array("bn/running_mean").getDouble(c), 1e-12);
            assertEquals(0.8 * 1 + 0.2 * unbiased, g.array("bn/running_var").getDouble(c), 1e-12);
        }
        // after many steps on the same batch the running statistics converge to the batch statistics
        for (int i = 0; i < 200; i++) g.applyBufferUpdates(g.sd().output(g.feeds(Map.of("x", xv), true), g.bufferStatNames().toArray(new String[0])));
        INDArray train = Graphs.eval(g, s.y(), Map.of("x", xv), true);
        INDArray eval = Graphs.eval(g, s.y(), Map.of("x", xv), false);
        // equal up to the biased/unbiased variance factor sqrt(15/16) on 16 values per channel
        assertTrue(train.mul(Math.sqrt(15.0 / 16.0)).equalsWithEps(eval, 1e-4), "eval ≈ train after convergence");
    }

    @Test
    void fixedGammaIsAConstantAndBetaTrains() {
        Setup s = setup(new long[]{5, 3}, BatchNorm.Options.defaults().withFixedGamma(0.7).withEps(1e-8));
        assertEquals(List.of("bn/beta"), s.g().paramNames());
        INDArray xv = GradCheck.uniform(7, 5, 3).muli(4);
        INDArray y = Graphs.eval(s.g(), s.y(), Map.of("x", xv), true);
        for (int c = 0; c < 3; c++) {
            // BN-VAE (MATH.md §2.2): each latent dimension has batch mean β (0 at init) and std γ
            assertEquals(0.0, y.getColumn(c).meanNumber().doubleValue(), 1e-12);
            assertEquals(0.7, Math.sqrt(y.getColumn(c).var(false).getDouble(0)), 1e-6);
        }
        Setup none = setup(new long[]{5, 3}, BatchNorm.Options.defaults().withoutAffine());
        assertEquals(List.of(), none.g().paramNames());
    }

    private static void gradientCheck(long[] shape, BatchNorm.Options o, boolean train) {
        ModelGraph g = Graphs.doubleGraph(2);
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(8, shape).muli(2));
        // a trainable input scale so the graph has a variable upstream of the normalisation
        SDVariable scale = g.scope("pre").param("s", Init.constant(1.3), 1, 1, 1);
        BatchNorm bn = new BatchNorm(g.scope("bn"), shape[1], o);
        if (o.affine() != BatchNorm.Affine.NONE) g.array("bn/beta").assign(GradCheck.uniform(9, shape[1]));
        if (o.affine() == BatchNorm.Affine.TRAINABLE) g.array("bn/gamma").assign(GradCheck.uniform(10, shape[1]).addi(1.5));
        g.array("bn/running_mean").assign(GradCheck.uniform(11, shape[1]));
        g.array("bn/running_var").assign(GradCheck.uniform(12, shape[1]).addi(2));
        GradCheck.projectionLoss(g, bn.apply(x.mul(scale)), shape, 13, "loss");
        Map<String, INDArray> feeds = new HashMap<>(g.feeds(Map.of(), train));
        GradCheck.check(g, "loss", feeds);
        GradCheck.checkInput(g, "loss", feeds, "x");
    }

    @Test
    void gradientsInTrainingModeDenseAndConv() {
        gradientCheck(new long[]{4, 3}, BatchNorm.Options.defaults(), true);
        gradientCheck(new long[]{3, 2, 2, 2}, BatchNorm.Options.defaults(), true);
    }

    @Test
    void gradientsInEvaluationModeAndWithFixedGamma() {
        gradientCheck(new long[]{3, 2, 2, 2}, BatchNorm.Options.defaults(), false);
        gradientCheck(new long[]{4, 3}, BatchNorm.Options.defaults().withFixedGamma(0.5), true);
        gradientCheck(new long[]{4, 3}, BatchNorm.Options.defaults().withoutAffine(), true);
    }
}
