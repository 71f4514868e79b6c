package org.genlab.common.nn;

import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** GroupNorm and LayerNorm: output statistics, affine parameters, gradients. */
class NormTest {

    @Test
    void groupNormStandardisesEachGroupThenAppliesPerChannelAffine() {
        ModelGraph g = Graphs.doubleGraph(1);
        GroupNorm gn = new GroupNorm(g.scope("gn"), 4, 2, 1e-5, true);
        g.array("gn/gamma").assign(GradCheck.uniform(2, 4).addi(1.5));
        g.array("gn/beta").assign(GradCheck.uniform(3, 4));
        INDArray xv = GradCheck.uniform(4, 2, 4, 3, 3).muli(5).addi(2);
        INDArray y = Graphs.eval(g, gn.apply(g.sd().constant(xv)));
        assertArrayEquals(xv.shape(), y.shape());
        for (int n = 0; n < 2; n++) {
            for (int grp = 0; grp < 2; grp++) {
                // group = channels {2grp, 2grp+1}: recompute its mean/variance in Java and undo the affine
                double s = 0, ss = 0;
                for (int c = 2 * grp; c < 2 * grp + 2; c++)
                    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) s += xv.getDouble(n, c, i, j);
                double mean = s / 18;
                for (int c = 2 * grp; c < 2 * grp + 2; c++)
                    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) ss += Math.pow(xv.getDouble(n, c, i, j) - mean, 2);
                double sd = Math.sqrt(ss / 18 + 1e-5);
                for (int c = 2 * grp; c < 2 * grp + 2; c++) {
                    double gam = g.array("gn/gamma").getDouble(c), bet = g.array("gn/beta").getDouble(c);
                    for (int i = 0; i < 3; i++)
                        for (int j = 0; j < 3; j++) {
                            double expected = (xv.getDouble(n, c, i, j) - mean) / sd * gam + bet;
                            assertEquals(expected, y.getDouble(n, c, i, j), 1e-12);
                        }
                }
            }
        }
    }

    @Test
    void groupNormOutputHasZeroMeanUnitVariancePerGroupWithoutAffine() {
        ModelGraph g = Graphs.doubleGraph(2);
        GroupNorm gn = new GroupNorm(g.scope("gn"), 6, 3, 0.0, false);
        assertEquals(List.of(), g.paramNames());
        INDArray y = Graphs.eval(g, gn.apply(g.sd().constant(GradCheck.uniform(5, 3, 6, 2, 2).muli(4))));
        INDArray grouped = y.reshape(3, 3, 8);
        assertEquals(0.0, grouped.mean(2).amaxNumber().doubleValue(), 1e-12);
        INDArray var = grouped.var(false, 2);
        assertEquals(1.0, var.minNumber().doubleValue(), 1e-10);
        assertEquals(1.0, var.maxNumber().doubleValue(), 1e-10);
    }

    @Test
    void groupNormGradients() {
        // 2 groups of 2 channels, one group of 4 (layer norm) and 4 groups of 1 (instance norm: a separate code path)
        for (long groups : new long[]{2, 1, 4}) {
            ModelGraph g = Graphs.doubleGraph(3);
            SDVariable x = Graphs.input(g, "x", GradCheck.uniform(6, 2, 4, 3, 3));
            GroupNorm gn = new GroupNorm(g.scope("gn"), 4, groups);
            g.array("gn/gamma").assign(GradCheck.uniform(7, 4).addi(1.2));
            g.array("gn/beta").assign(GradCheck.uniform(8, 4));
            GradCheck.projectionLoss(g, gn.apply(x), new long[]{2, 4, 3, 3}, 9, "loss");
            GradCheck.check(g, "loss", Map.of());
            GradCheck.checkInput(g, "loss", Map.of(), "x");
        }
    }

    @Test
    void groupNormRejectsIndivisibleChannels() {
        ModelGraph g = Graphs.doubleGraph(4);
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(g.scope("gn"), 6, 4));
        assertEquals(4, GroupNorm.groupsFor(32, 4));
        assertEquals(3, GroupNorm.groupsFor(6, 4));
        assertEquals(1, GroupNorm.groupsFor(7, 4));
    }

    @Test
    void layerNormNormalisesTheLastAxis() {
        ModelGraph g = Graphs.doubleGraph(5);
        LayerNorm ln = new LayerNorm(g.scope("ln"), 5);
        g.array("ln/gamma").assign(GradCheck.uniform(10, 5).addi(1.5));
        g.array("ln/beta").assign(GradCheck.uniform(11, 5));
        INDArray xv = GradCheck.uniform(12, 3, 5).muli(3);
        INDArray y = Graphs.eval(g, ln.apply(g.sd().constant(xv)));
        for (int n = 0; n < 3; n++) {
            INDArray row = xv.getRow(n);
            double mean = row.meanNumber().doubleValue();
            double sd = Math.sqrt(row.var(false).getDouble(0) + 1e-5);
            for (int d = 0; d < 5; d++) {
                double expected = (row.getDouble(d) - mean) / sd * g.array("ln/gamma").getDouble(d) + g.array("ln/beta").getDouble(d);
                assertEquals(expected, y.getDouble(n, d), 1e-12);
            }
        }
    }

    @Test
    void layerNormGradientsOnSequences() {
        ModelGraph g = Graphs.doubleGraph(6);
        SDVariable x = Graphs.input(g, "x", GradCheck.uniform(13, 2, 3, 4)); // [n, T, d]
        LayerNorm ln = new LayerNorm(g.scope("ln"), 4);
        g.array("ln/gamma").assign(GradCheck.uniform(14, 4).addi(1.3));
        GradCheck.projectionLoss(g, ln.apply(x), new long[]{2, 3, 4}, 15, "loss");
        GradCheck.check(g, "loss", Map.of());
        GradCheck.checkInput(g, "loss", Map.of(), "x");
    }
}
