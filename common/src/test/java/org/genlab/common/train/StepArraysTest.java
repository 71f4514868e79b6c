package org.genlab.common.train;

import org.genlab.common.nn.ModelGraph;
import org.genlab.common.nn.UNet;
import org.genlab.common.random.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Training with recycled step arrays gives exactly the weights of training without them, with every recycled array
 * poisoned (NaN) before reuse: no op of a U-Net step (convolutions, transposed convolutions, GroupNorm, attention,
 * SiLU, their backprops) reads an output before writing it.
 */
class StepArraysTest {

    private static final String SUREFIRE_MODE = System.getProperty("genlab.stepArrays");

    @AfterEach
    void resetMode() {
        if (SUREFIRE_MODE == null) System.clearProperty("genlab.stepArrays");
        else System.setProperty("genlab.stepArrays", SUREFIRE_MODE);
    }

    /** Four Adam steps of a float U-Net with attention and a residual block on fixed batches; the final weights. */
    private static Map<String, INDArray> train(String mode, long[] freshAndReused) {
        return train(mode, freshAndReused, false);
    }

    /** With {@code interleave}, a plain calculateGradients on the same graph runs between steps (as an evaluation would). */
    private static Map<String, INDArray> train(String mode, long[] freshAndReused, boolean interleave) {
        System.setProperty("genlab.stepArrays", mode);
        ModelGraph g = new ModelGraph(DataType.FLOAT, new Rng(11));
        SameDiff sd = g.sd();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1, 8, 8);
        SDVariable temb = sd.placeHolder("temb", DataType.FLOAT, -1, 16);
        SDVariable target = sd.placeHolder("target", DataType.FLOAT, -1, 1, 8, 8);
        SDVariable y = new UNet(g.scope("unet"), 1, 8, new long[]{8, 16}, 16, 4, 1, new int[]{-1}).apply(x, temb);
        SDVariable diff = y.sub(target);
        diff.mul(diff).mean().rename("loss");
        GradientStep step = new GradientStep(g, "loss", g.paramNames(), new Adam("opt", 0.9, 0.999, 1e-8, 0),
                new LrSchedule("constant", 1e-2, 0, 4, 0, 0, 1), 1.0, 1, null, false);
        Rng data = new Rng(12);
        for (int s = 0; s < 4; s++) {
            Map<String, INDArray> feeds = Map.of("x", data.gaussian(DataType.FLOAT, 3, 1, 8, 8),
                    "temb", data.gaussian(DataType.FLOAT, 3, 16), "target", data.gaussian(DataType.FLOAT, 3, 1, 8, 8));
            Map<String, Double> m = step.run(s, () -> feeds, List.of());
            assertTrue(Double.isFinite(m.get("loss")), mode + " step " + s + ": loss " + m.get("loss"));
            if (interleave) {
                Map<String, INDArray> grads = sd.calculateGradients(feeds, g.paramNames());
                for (INDArray a : grads.values()) assertFalse(a.isNaN().any(), mode + ": NaN in an interleaved gradient");
            }
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String p : g.paramNames()) out.put(p, g.array(p).dup());
        if (freshAndReused != null) {
            freshAndReused[0] = step.stepArrays().fresh();
            freshAndReused[1] = step.stepArrays().reused();
        }
        return out;
    }

    @Test
    void poisonedRecycledArraysTrainExactlyLikeFreshOnes() {
        Map<String, INDArray> reference = train("off", null);
        long[] counts = new long[2];
        Map<String, INDArray> recycled = train("poison", counts);
        for (String p : reference.keySet()) {
            double maxDiff = reference.get(p).sub(recycled.get(p)).amaxNumber().doubleValue();
            assertEquals(0.0, maxDiff, 0.0, "weights of " + p + " after 4 steps");
        }
        // Step 1 has no gradient session yet; step 2 allocates, steps 3 and 4 reuse all of it. With op plans
        // (common.nn.OpPlan) the manager hands out the outputs and gradients, a plan keeps the intermediates.
        assertTrue(counts[0] > 0, "fresh " + counts[0]);
        assertEquals(2 * counts[0], counts[1], "steps 3 and 4 reuse every array of step 2");
    }

    @Test
    void gradientsComputedBetweenStepsOutsideGradientStepDoNotShareArraysWithIt() {
        Map<String, INDArray> reference = train("off", null, true);
        Map<String, INDArray> recycled = train("poison", null, true);
        for (String p : reference.keySet()) {
            double maxDiff = reference.get(p).sub(recycled.get(p)).amaxNumber().doubleValue();
            assertEquals(0.0, maxDiff, 0.0, "weights of " + p + " after 4 interleaved steps");
        }
    }

    @Test
    void unknownModeIsAClearError() {
        System.setProperty("genlab.stepArrays", "sometimes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, StepArrays::fromSystemProperty);
        assertTrue(e.getMessage().contains("on, off or poison"), e.getMessage());
        System.setProperty("genlab.stepArrays", "off");
        assertNull(StepArrays.fromSystemProperty());
    }
}
