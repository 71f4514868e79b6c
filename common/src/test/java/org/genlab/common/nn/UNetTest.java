package org.genlab.common.nn;

import org.genlab.common.UsageException;
import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UNetTest {

    @Test
    void mnistSizedNetworkKeepsTheImageShapeAndUsesTime() {
        ModelGraph g = Graphs.doubleGraph(1);
        SDVariable x = g.sd().placeHolder("x", DataType.DOUBLE, -1, 1, 28, 28);
        SDVariable t = g.sd().placeHolder("t", DataType.DOUBLE, -1);
        SDVariable temb = Activation.SILU.apply(new Linear(g.scope("temb"), 32, 32)
                .apply(new GaussianFourierEmbedding(g.scope("fourier"), 32, 30.0).apply(t)));
        UNet net = new UNet(g.scope("unet"), 1, 28, new long[]{32, 64, 128}, 32, 8);
        SDVariable out = net.apply(x, temb);
        INDArray xv = GradCheck.uniform(2, 1, 1, 28, 28);
        INDArray y1 = g.sd().output(Map.of("x", xv, "t", GradCheck.uniform(3, 1).mul(0.1).addi(0.5)), out.name()).get(out.name());
        INDArray y2 = g.sd().output(Map.of("x", xv, "t", GradCheck.uniform(3, 1).mul(0.1).addi(0.2)), out.name()).get(out.name());
        assertArrayEquals(new long[]{1, 1, 28, 28}, y1.shape());
        assertTrue(Double.isFinite(y1.sumNumber().doubleValue()));
        assertFalse(y1.equalsWithEps(y2, 1e-6), "the output must depend on the time embedding");
        assertTrue(g.parameterCount() > 100_000, "parameters: " + g.parameterCount());
    }

    @Test
    void gradientsOfATinyUNet() {
        // 7x7 images with two levels: 7 -> 4 down, 4 -> 7 up (output padding 0); three levels would add 4 -> 2 -> 4.
        ModelGraph g = Graphs.doubleGraph(2);
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(4, 2, 1, 7, 7));
        SDVariable temb = Graphs.input(g, "temb", GradCheck.uniform(5, 2, 3));
        UNet net = new UNet(g.scope("unet"), 1, 7, new long[]{2, 4}, 3, 2);
        SDVariable y = net.apply(x, temb);
        GradCheck.projectionLoss(g, y, new long[]{2, 1, 7, 7}, 6, "loss");
        GradCheck.Report r = GradCheck.check(g, "loss", Map.of());
        assertTrue(r.checked() >= 150, r.toString());
        GradCheck.checkInput(g, "loss", Map.of(), "temb");
    }

    @Test
    void residualBlocksPassGradCheckAndAddParameters() {
        ModelGraph g = Graphs.doubleGraph(9);
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(10, 2, 1, 7, 7));
        SDVariable temb = Graphs.input(g, "temb", GradCheck.uniform(11, 2, 3));
        // one GroupNorm group: with one channel per group the norm after conv1 would cancel conv1's and the time
        // projection's per-channel biases exactly, leaving them (correctly) without gradient
        SDVariable y = new UNet(g.scope("unet"), 1, 7, new long[]{2, 4}, 3, 1, 1).apply(x, temb);
        // the zero-initialised second convolutions would hide the gradients of everything before them
        for (String p : g.paramNames()) if (p.contains("conv2")) g.array(p).assign(GradCheck.uniform(18, g.array(p).shape()));
        GradCheck.projectionLoss(g, y, new long[]{2, 1, 7, 7}, 12, "loss");
        GradCheck.Report r = GradCheck.check(g, "loss", Map.of());
        assertTrue(r.checked() >= 300, r.toString());
        GradCheck.checkInput(g, "loss", Map.of(), "temb");
        ModelGraph plain = Graphs.doubleGraph(9);
        new UNet(plain.scope("unet"), 1, 7, new long[]{2, 4}, 3, 1);
        // one block per level: two 3x3 convs with bias, a time projection and two GroupNorms at widths 2, 4 (down) and 2 (up)
        long perBlock2 = 2 * (9 * 2 * 2 + 2) + (3 * 2 + 2) + 2 * (2 + 2), perBlock4 = 2 * (9 * 4 * 4 + 4) + (3 * 4 + 4) + 2 * (4 + 4);
        assertTrue(g.parameterCount() == plain.parameterCount() + 2 * perBlock2 + perBlock4,
                g.parameterCount() + " vs " + plain.parameterCount() + " + blocks");
    }

    @Test
    void residualBlockStartsAsTheIdentity() {
        ModelGraph g = Graphs.doubleGraph(19);
        INDArray xv = GradCheck.uniform(20, 2, 4, 5, 5);
        SDVariable y = new ResBlock(g.scope("res"), 4, 3, 2).apply(Graphs.input(g, "x", xv), Graphs.input(g, "temb", GradCheck.uniform(21, 2, 3)));
        assertTrue(Graphs.eval(g, y).equalsWithEps(xv, 1e-12));
    }

    @Test
    void attentionLevelsPassGradCheck() {
        ModelGraph g = Graphs.doubleGraph(13);
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(14, 2, 1, 7, 7));
        SDVariable temb = Graphs.input(g, "temb", GradCheck.uniform(15, 2, 3));
        // one GroupNorm group, for the reason given in residualBlocksPassGradCheckAndAddParameters
        SDVariable y = new UNet(g.scope("unet"), 1, 7, new long[]{2, 4}, 3, 1, 0, new int[]{0, 1}).apply(x, temb);
        // attention at level 0 sits on both sides, at the deepest level 1 on the encoder side only
        assertEquals(3, g.paramNames().stream().filter(p -> p.endsWith("attn/proj/W")).count(), g.paramNames().toString());
        // the zero-initialised output projections would hide the query/key/value gradients
        for (String p : g.paramNames()) if (p.contains("attn/proj")) g.array(p).assign(GradCheck.uniform(16, g.array(p).shape()));
        GradCheck.projectionLoss(g, y, new long[]{2, 1, 7, 7}, 17, "loss");
        GradCheck.Report r = GradCheck.check(g, "loss", Map.of());
        assertTrue(r.checked() >= 200, r.toString());
        GradCheck.checkInput(g, "loss", Map.of(), "temb");
        assertThrows(UsageException.class, () -> new UNet(Graphs.doubleGraph(1).scope("u"), 1, 7, new long[]{2, 4}, 3, 2, 0, new int[]{2}));
        assertThrows(UsageException.class, () -> new UNet(Graphs.doubleGraph(1).scope("u"), 1, 7, new long[]{2, 4}, 3, 2, 0, new int[]{-3}));
        ModelGraph deepest = Graphs.doubleGraph(1);
        new UNet(deepest.scope("unet"), 1, 7, new long[]{2, 4}, 3, 2, 0, new int[]{-1});
        assertEquals(List.of("unet/down1/attn/proj/W"), deepest.paramNames().stream().filter(p -> p.endsWith("attn/proj/W")).toList());
    }

    @Test
    void threeLevelsWithOddSizesRoundTrip() {
        ModelGraph g = Graphs.doubleGraph(3);
        SDVariable x = g.sd().placeHolder("x", DataType.DOUBLE, -1, 2, 14, 14);
        SDVariable temb = g.sd().placeHolder("temb", DataType.DOUBLE, -1, 4);
        SDVariable y = new UNet(g.scope("unet"), 2, 14, new long[]{2, 4, 4}, 4, 2).apply(x, temb); // 14 -> 7 -> 4 -> 7 -> 14
        INDArray out = g.sd().output(Map.of("x", GradCheck.uniform(7, 3, 2, 14, 14), "temb", GradCheck.uniform(8, 3, 4)), y.name()).get(y.name());
        assertArrayEquals(new long[]{3, 2, 14, 14}, out.shape());
    }

    @Test
    void rejectsBadConfigs() {
        ModelGraph g = Graphs.doubleGraph(4);
        assertThrows(UsageException.class, () -> new UNet(g.scope("a"), 1, 28, new long[]{}, 8, 4));
        assertThrows(UsageException.class, () -> new UNet(g.scope("b"), 1, 28, new long[]{8, 0}, 8, 4));
        assertThrows(UsageException.class, () -> new UNet(g.scope("c"), 1, 28, new long[]{8}, 8, 4, -1));
    }
}
