package org.genlab.common.checkpoint;

import org.genlab.common.UsageException;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.nn.UNet;
import org.genlab.common.random.Rng;
import org.genlab.common.state.StateBundle;
import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Growing a trained U-Net by identity-initialised blocks: the grown network computes what the trained one did. */
class WarmStartTest {
    private record Net(ModelGraph graph, SDVariable out) {
        INDArray apply(INDArray x, INDArray temb) {
            return graph.sd().output(Map.of("x", x, "temb", temb), out.name()).get(out.name());
        }
    }

    private static Net unet(long seed, long[] channels, int resBlocks, int[] attention) {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(seed));
        SDVariable x = g.sd().placeHolder("x", DataType.DOUBLE, -1, 1, 8, 8);
        SDVariable temb = g.sd().placeHolder("temb", DataType.DOUBLE, -1, 3);
        return new Net(g, new UNet(g.scope("unet"), 1, 8, channels, 3, 2, resBlocks, attention).apply(x, temb));
    }

    private static StateBundle trained(Net n) {
        Rng noise = new Rng(99);
        for (String p : n.graph().paramNames()) n.graph().array(p).addi(noise.gaussian(DataType.DOUBLE, n.graph().array(p).shape()).muli(0.3));
        StateBundle b = new StateBundle();
        n.graph().writeState(b);
        return b;
    }

    @Test
    void grownNetworkStartsAsTheTrainedOne() {
        Net small = unet(1, new long[]{2, 4}, 0, new int[0]);
        StateBundle source = trained(small);
        Net grown = unet(2, new long[]{2, 4}, 1, new int[]{1});
        INDArray x = GradCheck.uniform(3, 2, 1, 8, 8), temb = GradCheck.uniform(4, 2, 3);
        assertFalse(grown.apply(x, temb).equalsWithEps(small.apply(x, temb), 1e-6), "different seeds must give different nets");

        WarmStart.Report r = WarmStart.apply(grown.graph(), source);
        assertEquals(small.graph().paramNames().size(), r.copied().size(), r.summary());
        assertTrue(r.fresh().stream().allMatch(k -> k.contains("/res0/") || k.contains("/attn/")), r.summary());
        assertTrue(r.fresh().stream().anyMatch(k -> k.contains("/attn/")) && r.unused().isEmpty(), r.summary());
        assertTrue(grown.apply(x, temb).equalsWithEps(small.apply(x, temb), 1e-12), "added blocks must start as the identity");
    }

    @Test
    void refusesChangedWidthsAndUnrelatedCheckpoints() {
        StateBundle source = trained(unet(1, new long[]{2, 4}, 0, new int[0]));
        UsageException e = assertThrows(UsageException.class, () -> WarmStart.apply(unet(2, new long[]{2, 6}, 0, new int[0]).graph(), source));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        StateBundle unrelated = new StateBundle();
        unrelated.putArray("param/other/W", GradCheck.uniform(5, 2, 2));
        e = assertThrows(UsageException.class, () -> WarmStart.apply(unet(2, new long[]{2, 4}, 0, new int[0]).graph(), unrelated));
        assertTrue(e.getMessage().contains("shares no parameter"), e.getMessage());
    }
}
