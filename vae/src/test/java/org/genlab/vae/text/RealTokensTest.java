package org.genlab.vae.text;

import org.genlab.common.nn.Init;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.testing.GradCheck;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real-token formulation of the sentence encoder and decoder (vocabulary work on the N real tokens, picked and
 * scattered by the selector P) equals the straightforward masked one over all b·T positions, in values, and its
 * backprop matches finite differences (double).
 */
class RealTokensTest {
    private static final int B = 4, T = 6, V = 13, Z = 3;

    @Test
    void selectorPicksRealPositionsInRowMajorOrder() {
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 0}, {1, 0, 0}});
        INDArray y = Nd4j.createFromArray(new int[][]{{5, 2, 0}, {7, 0, 0}});
        INDArray x = Nd4j.createFromArray(new int[][]{{1, 5, 0}, {1, 0, 0}});
        RealTokens rt = RealTokens.of(x, y, mask, DataType.FLOAT);
        assertEquals(6, rt.inputIds().length(), "N padded up to min(multiple of ROWS, b·T)");
        assertArrayEquals(new int[]{1, 5, 1}, java.util.Arrays.copyOf(rt.inputIds().toIntVector(), 3));
        assertArrayEquals(new int[]{5, 2, 7}, java.util.Arrays.copyOf(rt.targetIds().toIntVector(), 3));
        float[][] sel = rt.selector().toFloatMatrix();
        assertArrayEquals(new float[][]{{1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}, {0, 0, 0, 1, 0, 0}}, java.util.Arrays.copyOf(sel, 3));
        for (int k = 3; k < sel.length; k++) assertArrayEquals(new float[6], sel[k], "padding row " + k + " selects nothing");
    }

    @Test
    void realTokenPathEqualsMaskedPathAndPassesGradCheck() {
        Rng rng = new Rng(9);
        int[][] x = new int[B][T], y = new int[B][T];
        float[][] m = new float[B][T];
        float[][] last = new float[B][T];
        int[] lengths = {6, 2, 4, 1};
        for (int i = 0; i < B; i++) {
            int words = lengths[i] - 1;
            x[i][0] = 1;
            for (int t = 0; t < words; t++) {
                int w = 4 + rng.nextInt(V - 4);
                y[i][t] = w;
                x[i][t + 1] = w;
            }
            y[i][words] = 2;
            for (int t = 0; t <= words; t++) m[i][t] = 1;
            last[i][words] = 1;
            for (int t = words + 1; t < T; t++) {
                x[i][t] = 3; // padding ids: any id; the real-token path never embeds them
                y[i][t] = 3;
            }
        }
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(2));
        SameDiff sd = g.sd();
        SentenceDecoder dec = new SentenceDecoder(g.scope("dec"), V, 5, 6, Z, true, true);
        SentenceEncoder enc = new SentenceEncoder(g.scope("enc"), V, 5, 6);
        SDVariable z = g.scope("z").param("z", Init.normal(1.0), 1, 1, B, Z);
        SDVariable ids = sd.placeHolder("ids", DataType.INT32, -1, T), tg = sd.placeHolder("tg", DataType.INT32, -1, T);
        SDVariable mask = sd.placeHolder("mask", DataType.DOUBLE, -1, T), lastSel = sd.placeHolder("last", DataType.DOUBLE, -1, T);
        SDVariable in = sd.placeHolder("in", DataType.INT32, -1), tt = sd.placeHolder("tt", DataType.INT32, -1);
        SDVariable sel = sd.placeHolder("sel", DataType.DOUBLE, -1, -1);
        dec.negLogLik(ids, tg, mask, z, T, null, null).rename("ref");
        enc.apply(tg, lastSel, T).rename("enc_ref");
        SDVariable fast = dec.negLogLikRealTokens(in, tt, sel, z, T, null, null);
        fast.rename("fast");
        SDVariable feat = enc.applyRealTokens(tt, sel, lastSel, T);
        feat.rename("enc_fast");
        // one loss through both real-token blocks: the encoder features enter through a cheap square term
        fast.sum().add(feat.mul(feat).sum()).rename("loss");
        INDArray mk = Nd4j.createFromArray(m).castTo(DataType.DOUBLE);
        RealTokens rt = RealTokens.of(Nd4j.createFromArray(x), Nd4j.createFromArray(y), mk, DataType.DOUBLE);
        Map<String, INDArray> f = new HashMap<>();
        f.put("ids", Nd4j.createFromArray(x));
        f.put("tg", Nd4j.createFromArray(y));
        f.put("mask", mk);
        f.put("last", Nd4j.createFromArray(last).castTo(DataType.DOUBLE));
        f.put("in", rt.inputIds());
        f.put("tt", rt.targetIds());
        f.put("sel", rt.selector());
        Map<String, INDArray> out = sd.output(f, "ref", "fast", "enc_ref", "enc_fast");
        double[] ref = out.get("ref").toDoubleVector(), got = out.get("fast").toDoubleVector();
        for (int i = 0; i < B; i++) assertEquals(ref[i], got[i], 1e-10 * (1 + ref[i]), "sentence " + i);
        assertTrue(ref[0] > ref[3], "a longer sentence costs more nats: " + ref[0] + " vs " + ref[3]);
        assertArrayEquals(out.get("enc_ref").data().asDouble(), out.get("enc_fast").data().asDouble(), 1e-12);
        Map<String, INDArray> gf = new HashMap<>(f);
        GradCheck.check(g, "loss", gf, GradCheck.Options.defaults().withSampling(30, 12));
    }
}
