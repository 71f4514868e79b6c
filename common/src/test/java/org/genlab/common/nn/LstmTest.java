package org.genlab.common.nn;

import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unrolled LSTM against a plain-Java cell, masking semantics, and gradients. */
class LstmTest {
    private static final int N = 2, IN = 3, H = 4;

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** One PyTorch LSTM cell step for sample rows; returns {h', c'} as [n, H] arrays. */
    static double[][][] referenceStep(double[][] x, double[][] h, double[][] c, INDArray wx, INDArray wh, INDArray b) {
        double[][] hOut = new double[x.length][H], cOut = new double[x.length][H];
        for (int n = 0; n < x.length; n++) {
            double[] z = new double[4 * H];
            for (int k = 0; k < 4 * H; k++) {
                double s = b.getDouble(k);
                for (int i = 0; i < IN; i++) s += x[n][i] * wx.getDouble(i, k);
                for (int j = 0; j < H; j++) s += h[n][j] * wh.getDouble(j, k);
                z[k] = s;
            }
            for (int j = 0; j < H; j++) {
                double ig = sigmoid(z[j]), fg = sigmoid(z[H + j]), gg = Math.tanh(z[2 * H + j]), og = sigmoid(z[3 * H + j]);
                cOut[n][j] = fg * c[n][j] + ig * gg;
                hOut[n][j] = og * Math.tanh(cOut[n][j]);
            }
        }
        return new double[][][]{hOut, cOut};
    }

    private static double[][] rows(INDArray a) {
        return a.toDoubleMatrix();
    }

    @Test
    void oneStepMatchesJavaCell() {
        ModelGraph g = Graphs.doubleGraph(1);
        Lstm lstm = new Lstm(g.scope("lstm"), IN, H);
        INDArray x = GradCheck.uniform(2, N, IN), h0 = GradCheck.uniform(3, N, H), c0 = GradCheck.uniform(4, N, H);
        SDVariable[] hc = lstm.step(g.sd().constant(x), g.sd().constant(h0), g.sd().constant(c0));
        double[][][] ref = referenceStep(rows(x), rows(h0), rows(c0), g.array("lstm/Wx"), g.array("lstm/Wh"), g.array("lstm/b"));
        assertTrue(Nd4j.createFromArray(ref[0]).equalsWithEps(Graphs.eval(g, hc[0]), 1e-12));
        assertTrue(Nd4j.createFromArray(ref[1]).equalsWithEps(Graphs.eval(g, hc[1]), 1e-12));
    }

    @Test
    void sequenceMatchesJavaLoopWithAndWithoutInitialState() {
        int steps = 4;
        for (boolean withInit : new boolean[]{true, false}) {
            ModelGraph g = Graphs.doubleGraph(2);
            Lstm lstm = new Lstm(g.scope("lstm"), IN, H);
            INDArray x = GradCheck.uniform(5, N, steps, IN).muli(2);
            INDArray h0 = withInit ? GradCheck.uniform(6, N, H) : Nd4j.zeros(DataType.DOUBLE, N, H);
            INDArray c0 = withInit ? GradCheck.uniform(7, N, H) : Nd4j.zeros(DataType.DOUBLE, N, H);
            Lstm.Output out = lstm.apply(g.sd().constant(x), steps,
                    withInit ? g.sd().constant(h0) : null, withInit ? g.sd().constant(c0) : null, null);
            INDArray seq = Graphs.eval(g, out.sequence());
            assertArrayEquals(new long[]{N, steps, H}, seq.shape());
            double[][] h = rows(h0), c = rows(c0);
            for (int t = 0; t < steps; t++) {
                double[][][] r = referenceStep(rows(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(t), org.nd4j.linalg.indexing.NDArrayIndex.all())),
                        h, c, g.array("lstm/Wx"), g.array("lstm/Wh"), g.array("lstm/b"));
                h = r[0];
                c = r[1];
                for (int n = 0; n < N; n++) for (int j = 0; j < H; j++) assertEquals(h[n][j], seq.getDouble(n, t, j), 1e-12);
            }
            assertTrue(Nd4j.createFromArray(h).equalsWithEps(Graphs.eval(g, out.lastH()), 1e-12));
            assertTrue(Nd4j.createFromArray(c).equalsWithEps(Graphs.eval(g, out.lastC()), 1e-12));
        }
    }

    @Test
    void maskFreezesStateOnPaddingAndZeroesItsOutputs() {
        int steps = 4;
        ModelGraph g = Graphs.doubleGraph(3);
        Lstm lstm = new Lstm(g.scope("lstm"), IN, H);
        INDArray x = GradCheck.uniform(8, N, steps, IN);
        // sample 0 has length 2, sample 1 the full 4
        INDArray mask = Nd4j.createFromArray(new double[][]{{1, 1, 0, 0}, {1, 1, 1, 1}});
        SDVariable h0 = g.sd().constant(GradCheck.uniform(9, N, H));
        Lstm.Output masked = lstm.apply(g.sd().constant(x), steps, h0, null, g.sd().constant(mask));
        Lstm.Output full = lstm.apply(g.sd().constant(x), steps, h0, null, null);
        INDArray x2 = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        Lstm.Output shortRun = lstm.apply(g.sd().constant(x2), 2, h0, null, null);
        INDArray lastMasked = Graphs.eval(g, masked.lastH()), seqMasked = Graphs.eval(g, masked.sequence());
        assertTrue(Graphs.eval(g, shortRun.lastH()).getRow(0).equalsWithEps(lastMasked.getRow(0), 1e-12));
        assertTrue(Graphs.eval(g, full.lastH()).getRow(1).equalsWithEps(lastMasked.getRow(1), 1e-12));
        assertTrue(Graphs.eval(g, shortRun.lastC()).getRow(0).equalsWithEps(Graphs.eval(g, masked.lastC()).getRow(0), 1e-12));
        for (int t = 2; t < steps; t++) for (int j = 0; j < H; j++) assertEquals(0.0, seqMasked.getDouble(0, t, j), 0.0);
        assertFalse(Graphs.eval(g, full.sequence()).equalsWithEps(seqMasked, 1e-6), "the mask must change something");
    }

    @Test
    void gradientsWithInitialStateAndMask() {
        int steps = 3;
        ModelGraph g = Graphs.doubleGraph(4);
        Lstm lstm = new Lstm(g.scope("lstm"), IN, H);
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(10, N, steps, IN).muli(1.5));
        SDVariable h0 = Graphs.input(g, "h0", GradCheck.uniform(11, N, H));
        SDVariable c0 = Graphs.input(g, "c0", GradCheck.uniform(12, N, H));
        SDVariable mask = g.sd().constant(Nd4j.createFromArray(new double[][]{{1, 1, 0}, {1, 1, 1}}));
        Lstm.Output out = lstm.apply(x, steps, h0, c0, mask);
        SDVariable seqLoss = GradCheck.projectionLoss(g, out.sequence(), new long[]{N, steps, H}, 13, "seqLoss");
        SDVariable hLoss = GradCheck.projectionLoss(g, out.lastH(), new long[]{N, H}, 14, "hLoss");
        SDVariable cLoss = GradCheck.projectionLoss(g, out.lastC(), new long[]{N, H}, 15, "cLoss");
        seqLoss.add(hLoss).add(cLoss).rename("loss");
        GradCheck.check(g, "loss", Map.of());
        for (String in : List.of("x", "h0", "c0")) GradCheck.checkInput(g, "loss", Map.of(), in);
    }

    @Test
    void gradientsFromZeroState() {
        ModelGraph g = Graphs.doubleGraph(5);
        Lstm lstm = new Lstm(g.scope("lstm"), IN, H);
        SDVariable x = g.sd().placeHolder("x", DataType.DOUBLE, -1, 3, IN);
        GradCheck.projectionLoss(g, lstm.apply(x, 3).lastH(), new long[]{N, H}, 16, "loss");
        GradCheck.check(g, "loss", Map.of("x", GradCheck.uniform(17, N, 3, IN)));
    }
}
