package org.genlab.common.nn;

import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfAttention2dTest {
    private static final int N = 2, C = 4, S = 3, P = S * S;

    /** A block on x [n, 4, h, w] whose zero-initialised output projection is replaced by random weights. */
    private static SDVariable block(ModelGraph g, SDVariable x) {
        SDVariable y = new SelfAttention2d(g.scope("attn"), C, 2).apply(x);
        g.sd().getVariable("attn/proj/W").getArr().assign(GradCheck.uniform(21, 1, 1, C, C));
        g.sd().getVariable("attn/proj/b").getArr().assign(GradCheck.uniform(22, C));
        return y;
    }

    @Test
    void startsAsTheIdentity() {
        ModelGraph g = Graphs.doubleGraph(1);
        INDArray xv = GradCheck.uniform(2, N, C, S, S);
        SDVariable y = new SelfAttention2d(g.scope("attn"), C, 2).apply(Graphs.input(g, "x", xv));
        assertTrue(Graphs.eval(g, y).equalsWithEps(xv, 1e-12));
    }

    /** Oracle: the DDPM AttnBlock written out in loops from the block's own weights. */
    @Test
    void matchesALoopReference() {
        ModelGraph g = Graphs.doubleGraph(3);
        INDArray xv = GradCheck.uniform(4, N, C, S, S);
        SDVariable x = Graphs.input(g, "x", xv);
        SDVariable y = block(g, x);
        INDArray got = Graphs.eval(g, y);
        double[][][] h = groupNormed(xv, 2);
        INDArray wqkv = g.sd().getVariable("attn/qkv/W").getArr(), bqkv = g.sd().getVariable("attn/qkv/b").getArr();
        INDArray wp = g.sd().getVariable("attn/proj/W").getArr(), bp = g.sd().getVariable("attn/proj/b").getArr();
        for (int n = 0; n < N; n++) {
            double[][][] qkv = new double[3][C][P];
            for (int part = 0; part < 3; part++)
                for (int o = 0; o < C; o++)
                    for (int p = 0; p < P; p++) {
                        double s = bqkv.getDouble(part * C + o);
                        for (int i = 0; i < C; i++) s += wqkv.getDouble(0, 0, i, part * C + o) * h[n][i][p];
                        qkv[part][o][p] = s;
                    }
            for (int q = 0; q < P; q++) {
                double[] w = new double[P];
                double max = Double.NEGATIVE_INFINITY, z = 0;
                for (int k = 0; k < P; k++) {
                    for (int c = 0; c < C; c++) w[k] += qkv[0][c][q] * qkv[1][c][k];
                    w[k] /= Math.sqrt(C);
                    max = Math.max(max, w[k]);
                }
                for (int k = 0; k < P; k++) z += w[k] = Math.exp(w[k] - max);
                double[] att = new double[C];
                for (int c = 0; c < C; c++) for (int k = 0; k < P; k++) att[c] += qkv[2][c][k] * w[k] / z;
                for (int o = 0; o < C; o++) {
                    double s = xv.getDouble(n, o, q / S, q % S) + bp.getDouble(o);
                    for (int c = 0; c < C; c++) s += wp.getDouble(0, 0, c, o) * att[c];
                    assertEquals(s, got.getDouble(n, o, q / S, q % S), 1e-10, "sample " + n + " channel " + o + " position " + q);
                }
            }
        }
    }

    /** GroupNorm with its initial γ = 1, β = 0: [n][c][position]. */
    private static double[][][] groupNormed(INDArray x, int groups) {
        double[][][] h = new double[N][C][P];
        int per = C / groups;
        for (int n = 0; n < N; n++)
            for (int gr = 0; gr < groups; gr++) {
                double mean = 0, var = 0;
                for (int c = gr * per; c < (gr + 1) * per; c++) for (int p = 0; p < P; p++) mean += x.getDouble(n, c, p / S, p % S);
                mean /= per * P;
                for (int c = gr * per; c < (gr + 1) * per; c++) for (int p = 0; p < P; p++) var += Math.pow(x.getDouble(n, c, p / S, p % S) - mean, 2);
                var /= per * P;
                for (int c = gr * per; c < (gr + 1) * per; c++)
                    for (int p = 0; p < P; p++) h[n][c][p] = (x.getDouble(n, c, p / S, p % S) - mean) / Math.sqrt(var + 1e-5);
            }
        return h;
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ModelGraph g = Graphs.doubleGraph(5);
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(6, N, C, S, S));
        SDVariable y = block(g, x);
        GradCheck.projectionLoss(g, y, new long[]{N, C, S, S}, 7, "loss");
        GradCheck.Report r = GradCheck.check(g, "loss", Map.of());
        assertTrue(r.checked() >= 50, r.toString());
        GradCheck.checkInput(g, "loss", Map.of(), "x");
    }

    /** Unlike a 3×3 convolution, one attention layer lets a corner pixel change the opposite corner's output. */
    @Test
    void everyPositionSeesTheWholeImage() {
        ModelGraph g = Graphs.doubleGraph(8);
        INDArray xv = GradCheck.uniform(9, 1, C, 5, 5);
        SDVariable x = g.sd().placeHolder("x", xv.dataType(), -1, C, 5, 5);
        SDVariable y = block(g, x);
        INDArray a = Graphs.eval(g, y, Map.of("x", xv), true);
        INDArray moved = xv.dup();
        moved.putScalar(new long[]{0, 0, 4, 4}, xv.getDouble(0, 0, 4, 4) + 1.0);
        INDArray b = Graphs.eval(g, y, Map.of("x", moved), true);
        for (int c = 0; c < C; c++) assertTrue(Math.abs(a.getDouble(0, c, 0, 0) - b.getDouble(0, c, 0, 0)) > 1e-6, "channel " + c);
    }
}
