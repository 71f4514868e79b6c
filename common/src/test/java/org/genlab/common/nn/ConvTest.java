package org.genlab.common.nn;

import org.genlab.common.UsageException;
import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conv2d / ConvTranspose2d against loop-based Java references, Upsample2x / AvgPool2x values, and gradients. */
class ConvTest {

    /** out[n,o,y,x] = b[o] + Σ in[n,i,y·s+ky−pad, x·s+kx−pad]·W[ky,kx,i,o], zero outside the image. */
    static INDArray referenceConv(INDArray in, INDArray w, INDArray b, int s, int padTop, int padLeft, long outH, long outW) {
        long n = in.size(0), ci = in.size(1), h = in.size(2), wd = in.size(3), k = w.size(0), co = w.size(3);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, n, co, outH, outW);
        for (int a = 0; a < n; a++)
            for (int o = 0; o < co; o++)
                for (int y = 0; y < outH; y++)
                    for (int x = 0; x < outW; x++) {
                        double acc = b == null ? 0 : b.getDouble(o);
                        for (int i = 0; i < ci; i++)
                            for (int ky = 0; ky < k; ky++)
                                for (int kx = 0; kx < k; kx++) {
                                    long yy = (long) y * s + ky - padTop, xx = (long) x * s + kx - padLeft;
                                    if (yy < 0 || xx < 0 || yy >= h || xx >= wd) continue;
                                    acc += in.getDouble(a, i, yy, xx) * w.getDouble(ky, kx, i, o);
                                }
                        out.putScalar(new long[]{a, o, y, x}, acc);
                    }
        return out;
    }

    /** PyTorch ConvTranspose2d: full[y·s+ky] += in[y]·W[ky,kx,o,i], then crop p at the start, keep outSize. */
    static INDArray referenceConvT(INDArray in, INDArray w, INDArray b, int s, int p, long outSize) {
        long n = in.size(0), ci = in.size(1), h = in.size(2), k = w.size(0), co = w.size(2);
        long full = (h - 1) * s + k;
        INDArray f = Nd4j.zeros(DataType.DOUBLE, n, co, full, full);
        for (int a = 0; a < n; a++)
            for (int i = 0; i < ci; i++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < h; x++)
                        for (int o = 0; o < co; o++)
                            for (int ky = 0; ky < k; ky++)
                                for (int kx = 0; kx < k; kx++) {
                                    long[] idx = {a, o, (long) y * s + ky, (long) x * s + kx};
                                    f.putScalar(idx, f.getDouble(idx) + in.getDouble(a, i, y, x) * w.getDouble(ky, kx, o, i));
                                }
        INDArray out = Nd4j.zeros(DataType.DOUBLE, n, co, outSize, outSize);
        for (int a = 0; a < n; a++)
            for (int o = 0; o < co; o++)
                for (int y = 0; y < outSize; y++)
                    for (int x = 0; x < outSize; x++)
                        out.putScalar(new long[]{a, o, y, x}, f.getDouble(a, o, y + p, x + p) + (b == null ? 0 : b.getDouble(o)));
        return out;
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < 1e-12, "max abs difference " + diff);
    }

    @Test
    void conv2dExplicitPaddingMatchesReference() {
        for (int[] ksp : new int[][]{{3, 1, 1}, {3, 2, 1}, {3, 2, 0}, {4, 2, 1}}) {
            ModelGraph g = Graphs.doubleGraph(1);
            Conv2d conv = new Conv2d(g.scope("c"), 2, 3, ksp[0], ksp[1], ksp[2], true);
            INDArray x = GradCheck.uniform(2, 2, 2, 7, 7);
            INDArray y = Graphs.eval(g, conv.apply(g.sd().constant(x)));
            long out = conv.outputSize(7);
            assertClose(referenceConv(x, g.array("c/W"), g.array("c/b"), ksp[1], ksp[2], ksp[2], out, out), y);
        }
    }

    @Test
    void conv2dSamePaddingMatchesReference() {
        for (int s : new int[]{1, 2}) {
            ModelGraph g = Graphs.doubleGraph(2);
            Conv2d conv = new Conv2d(g.scope("c"), 1, 2, 3, s, Conv2d.SAME, false);
            INDArray x = GradCheck.uniform(3, 2, 1, 6, 6);
            INDArray y = Graphs.eval(g, conv.apply(g.sd().constant(x)));
            long out = conv.outputSize(6);
            assertEquals((6 + s - 1) / s, out);
            long padTotal = Math.max((out - 1) * s + 3 - 6, 0);
            int top = (int) (padTotal / 2);
            assertClose(referenceConv(x, g.array("c/W"), null, s, top, top, out, out), y);
        }
    }

    @Test
    void convTransposeMatchesPyTorchSizeRuleAndReference() {
        // {in, kernel, stride, padding, outputPadding, expected out}
        for (int[] c : new int[][]{{7, 3, 2, 1, 1, 14}, {4, 3, 2, 1, 0, 7}, {4, 4, 2, 1, 0, 8}, {3, 3, 1, 1, 0, 3}, {3, 3, 2, 0, 0, 7}}) {
            ModelGraph g = Graphs.doubleGraph(3);
            ConvTranspose2d t = new ConvTranspose2d(g.scope("t"), 2, 3, c[1], c[2], c[3], c[4], true);
            assertEquals(c[5], t.outputSize(c[0]));
            INDArray x = GradCheck.uniform(4, 2, 2, c[0], c[0]);
            INDArray y = Graphs.eval(g, t.apply(g.sd().constant(x)));
            assertClose(referenceConvT(x, g.array("t/W"), g.array("t/b"), c[2], c[3], c[5]), y);
        }
        assertEquals(1, ConvTranspose2d.outputPaddingFor(7, 14, 3, 2, 1));
        assertEquals(0, ConvTranspose2d.outputPaddingFor(4, 7, 3, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> ConvTranspose2d.outputPaddingFor(4, 10, 3, 2, 1));
    }

    @Test
    void conv2dGradients() {
        for (int pad : new int[]{1, Conv2d.SAME}) {
            ModelGraph g = Graphs.doubleGraph(4);
            SDVariable x = Graphs.input(g, "x", GradCheck.uniform(5, 2, 2, 5, 5));
            Conv2d conv = new Conv2d(g.scope("c"), 2, 3, 3, 2, pad, true);
            SDVariable y = conv.apply(x);
            long o = conv.outputSize(5);
            GradCheck.projectionLoss(g, y, new long[]{2, 3, o, o}, 6, "loss");
            GradCheck.check(g, "loss", Map.of());
            GradCheck.checkInput(g, "loss", Map.of(), "x");
        }
    }

    /** Few output channels from many: runs as the flipped transposed convolution, with the same values and gradients. */
    @Test
    void narrowConv2dRunsTransposedWithSameValuesAndGradients() {
        // {kernel, padding, bias}
        for (int[] c : new int[][]{{3, 1, 1}, {3, Conv2d.SAME, 0}, {5, 2, 1}}) {
            ModelGraph g = Graphs.doubleGraph(12);
            SDVariable x = Graphs.input(g, "x", GradCheck.uniform(13, 2, 8, 6, 6));
            Conv2d conv = new Conv2d(g.scope("c"), 8, 2, c[0], 1, c[1], c[2] == 1);
            assertTrue(conv.runsTransposed(), "8 -> 2 channels, stride 1, size-preserving padding is narrow");
            SDVariable y = conv.apply(x);
            assertTrue(Arrays.stream(g.sd().ops()).anyMatch(op -> op.opName().equals("deconv2d")), "graph has deconv2d");
            int p = c[0] / 2;
            assertClose(referenceConv(g.array("x"), g.array("c/W"), c[2] == 1 ? g.array("c/b") : null, 1, p, p, 6, 6), Graphs.eval(g, y));
            GradCheck.projectionLoss(g, y, new long[]{2, 2, 6, 6}, 14, "loss");
            GradCheck.check(g, "loss", Map.of());
            GradCheck.checkInput(g, "loss", Map.of(), "x");
        }
        ModelGraph g = Graphs.doubleGraph(15);
        assertFalse(new Conv2d(g.scope("wide"), 8, 3, 3, 1, 1, true).runsTransposed(), "8 -> 3 is not narrow");
        assertFalse(new Conv2d(g.scope("strided"), 8, 2, 3, 2, 1, true).runsTransposed(), "stride 2 changes the size");
        assertFalse(new Conv2d(g.scope("valid"), 8, 2, 3, 1, 0, true).runsTransposed(), "padding 0 changes the size");
        assertFalse(new Conv2d(g.scope("pointwise"), 8, 2, 1, 1, 0, true).runsTransposed(), "1x1 is a product already");
        System.setProperty(Conv2d.NARROW_PROPERTY, "off");
        try {
            assertFalse(new Conv2d(g.scope("off"), 8, 2, 3, 1, 1, true).runsTransposed(), "switched off");
        } finally {
            System.clearProperty(Conv2d.NARROW_PROPERTY);
        }
    }

    @Test
    void convTransposeGradients() {
        ModelGraph g = Graphs.doubleGraph(5);
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(7, 2, 3, 3, 3));
        ConvTranspose2d t = new ConvTranspose2d(g.scope("t"), 3, 2, 3, 2, 1, 1, true);
        SDVariable y = t.apply(x);
        GradCheck.projectionLoss(g, y, new long[]{2, 2, 6, 6}, 8, "loss");
        GradCheck.check(g, "loss", Map.of());
        GradCheck.checkInput(g, "loss", Map.of(), "x");
    }

    @Test
    void upsampleRepeatsPixelsAndPoolAverages() {
        ModelGraph g = Graphs.doubleGraph(6);
        INDArray xv = GradCheck.uniform(9, 2, 3, 4, 4);
        INDArray up = Graphs.eval(g, new Upsample2x().apply(g.sd().constant(xv)));
        INDArray pool = Graphs.eval(g, new AvgPool2x().apply(g.sd().constant(xv)));
        assertArrayEquals(new long[]{2, 3, 8, 8}, up.shape());
        assertArrayEquals(new long[]{2, 3, 2, 2}, pool.shape());
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 8; y++)
                    for (int x = 0; x < 8; x++) assertEquals(xv.getDouble(n, c, y / 2, x / 2), up.getDouble(n, c, y, x), 0.0);
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 2; y++)
                    for (int x = 0; x < 2; x++) {
                        double m = (xv.getDouble(n, c, 2 * y, 2 * x) + xv.getDouble(n, c, 2 * y + 1, 2 * x)
                                + xv.getDouble(n, c, 2 * y, 2 * x + 1) + xv.getDouble(n, c, 2 * y + 1, 2 * x + 1)) / 4;
                        assertEquals(m, pool.getDouble(n, c, y, x), 1e-15);
                    }
        // pooling down-and-up is the identity on averages
        INDArray roundTrip = Graphs.eval(g, new AvgPool2x().apply(new Upsample2x().apply(g.sd().constant(xv))));
        assertClose(xv, roundTrip);
    }

    @Test
    void upsampleAndPoolGradients() {
        ModelGraph g = Graphs.doubleGraph(7);
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(10, 2, 2, 4, 4));
        Conv2d mix = new Conv2d(g.scope("mix"), 2, 2, 1, 1, 0, false); // something trainable for SameDiff to differentiate
        SDVariable y = new AvgPool2x().apply(mix.apply(new Upsample2x().apply(x)).mul(x.getSameDiff().math().tanh(
                new Upsample2x().apply(x))));
        GradCheck.projectionLoss(g, y, new long[]{2, 2, 4, 4}, 11, "loss");
        GradCheck.check(g, "loss", Map.of());
        GradCheck.checkInput(g, "loss", Map.of(), "x");
        SDVariable p = new AvgPool2x().apply(x);
        assertEquals(Arrays.toString(new long[]{2, 2, 2, 2}), Arrays.toString(Graphs.eval(g, p).shape()));
    }

    @Test
    void parsesPadding() {
        assertEquals(Conv2d.SAME, Conv2d.parsePadding("same"));
        assertEquals(2, Conv2d.parsePadding(" 2 "));
        assertThrows(UsageException.class, () -> Conv2d.parsePadding("-1"));
        assertThrows(UsageException.class, () -> Conv2d.parsePadding("valid-ish"));
    }
}
