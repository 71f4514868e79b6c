package org.genlab.common.nn;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests replayed from op plans give SameDiff's own results bit for bit (outputs and gradients, with Java kernels
 * in float and the compositions in double), follow a change of batch size, hand out arrays the caller may keep, and
 * leave requests SameDiff must check to SameDiff.
 */
class OpPlanTest {
    /** A small U-Net with time embedding (GroupNorm + SiLU kernels, convolutions, concatenation) and an MSE loss. */
    private static ModelGraph unet(DataType dtype) {
        ModelGraph g = new ModelGraph(dtype, new Rng(31));
        SameDiff sd = g.sd();
        SDVariable x = sd.placeHolder("x", dtype, -1, 1, 8, 8);
        SDVariable temb = sd.placeHolder("temb", dtype, -1, 16);
        SDVariable target = sd.placeHolder("target", dtype, -1, 1, 8, 8);
        SDVariable y = new UNet(g.scope("unet"), 1, 8, new long[]{8, 16}, 16, 4, 1, new int[]{-1}).apply(x, temb).rename("y");
        SDVariable d = y.sub(target);
        d.mul(d).mean().rename("loss");
        sd.setLossVariables("loss");
        return g;
    }

    private static Map<String, INDArray> feeds(DataType dtype, int n, long seed) {
        Rng r = new Rng(seed);
        return Map.of("x", r.gaussian(dtype, n, 1, 8, 8), "temb", r.gaussian(dtype, n, 16), "target", r.gaussian(dtype, n, 1, 8, 8));
    }

    private static <T> T withPlans(String mode, Function<ModelGraph, T> body, DataType dtype) {
        String previous = System.getProperty(OpPlan.PROPERTY);
        System.setProperty(OpPlan.PROPERTY, mode);
        try {
            return body.apply(unet(dtype));
        } finally {
            if (previous == null) System.clearProperty(OpPlan.PROPERTY);
            else System.setProperty(OpPlan.PROPERTY, previous);
        }
    }

    /** Outputs at batch 3, 2 and 3 again, then gradients twice; the results by name. */
    private static Map<String, INDArray> exercise(ModelGraph g) {
        DataType dt = g.dtype();
        Map<String, INDArray> r = new java.util.LinkedHashMap<>();
        SameDiff sd = g.sd();
        r.put("y3", sd.output(feeds(dt, 3, 1), "y").get("y"));
        r.put("y2", sd.output(feeds(dt, 2, 2), "y", "loss").get("y"));
        r.put("y3again", sd.output(feeds(dt, 3, 3), "y").get("y"));
        for (int k = 0; k < 2; k++) {
            OutAndGrad og = g.gradientsAndOutputs(g.feeds(feeds(dt, 3, 4 + k), true), List.of("loss"), g.paramNames());
            r.put("loss" + k, og.getOutputs().get("loss"));
            for (String p : g.paramNames()) r.put(p + k, og.getGradients().get(p));
        }
        return r;
    }

    @Test
    void plansGiveSameDiffsResultsBitForBit() {
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            Map<String, INDArray> session = withPlans("off", OpPlanTest::exercise, dt);
            Map<String, INDArray> planned = withPlans("poison", g -> {
                Map<String, INDArray> r = exercise(g);
                SubgraphCachingSession s = assertInstanceOf(SubgraphCachingSession.class,
                        g.sd().getSessions().get(Thread.currentThread().getId()));
                assertEquals(3, s.planned(), dt + ": the three output requests ran from plans");
                SubgraphCachingSession grad = assertInstanceOf(SubgraphCachingSession.class,
                        g.sd().getFunction("grad").getSessions().get(Thread.currentThread().getId()));
                assertEquals(2, grad.planned(), dt + ": both gradient computations ran from a plan");
                // Carriers whose outputs the kernels write in full are not run (float graphs have kernels).
                assertEquals(dt == DataType.FLOAT, grad.skippedOps() > 0 && s.skippedOps() > 0, dt + ": skipped carriers");
                // The time embedding's placeholder enters a Linear layer: its matmul_bp computed the weight's gradient only.
                assertTrue(grad.oneSidedProducts() >= 2, dt + ": one-sided matmul_bp, " + grad.oneSidedProducts());
                return r;
            }, dt);
            assertEquals(session.keySet(), planned.keySet());
            for (String k : session.keySet()) assertEquals(session.get(k), planned.get(k), dt + " " + k);
            assertTrue(planned.get("y2").shapeInfoToString().contains("[2,1,8,8]"), "batch 2 after batch 3");
        }
    }

    @Test
    void callersMayKeepOutputs() {
        withPlans("on", g -> {
            INDArray first = g.sd().output(feeds(g.dtype(), 3, 1), "y").get("y");
            INDArray copy = first.dup();
            INDArray second = g.sd().output(feeds(g.dtype(), 3, 2), "y").get("y");
            assertNotSame(first, second);
            assertEquals(copy, first, "the first result is unchanged by the second call");
            // Also through an identity op, whose output is another op's array that the plan reuses.
            SDVariable same = g.sd().identity(g.sd().getVariable("y").add(1.0));
            INDArray a = g.sd().output(feeds(g.dtype(), 3, 1), same.name()).get(same.name()), aCopy = a.dup();
            g.sd().output(feeds(g.dtype(), 3, 2), same.name());
            assertEquals(aCopy, a, "an identity output is unchanged by the next call");
            return null;
        }, DataType.FLOAT);
    }

    /** An op the session special-cases (here assign, whose output is its first input) sends the request to SameDiff. */
    @Test
    void requestsWithSpecialCasedOpsRunInTheSession() {
        INDArray src = new Rng(5).gaussian(DataType.FLOAT, 2, 3);
        Function<ModelGraph, INDArray> assign = g -> {
            SameDiff sd = g.sd();
            SDVariable z = sd.assign(sd.var("target2", DataType.FLOAT, 2, 3), sd.placeHolder("src", DataType.FLOAT, 2, 3)).mul(2.0);
            INDArray out = sd.output(Map.of("src", src), z.name()).get(z.name());
            SubgraphCachingSession s = assertInstanceOf(SubgraphCachingSession.class, sd.getSessions().get(Thread.currentThread().getId()));
            assertEquals(0, s.planned(), "no plan for a graph with assign");
            return out;
        };
        assertEquals(withPlans("off", assign, DataType.FLOAT), withPlans("on", assign, DataType.FLOAT));
    }

    @Test
    void missingPlaceholderIsStillSameDiffsError() {
        withPlans("on", g -> {
            Exception e = assertThrows(Exception.class, () -> g.sd().output(Map.of("x", new Rng(1).gaussian(DataType.FLOAT, 2, 1, 8, 8)), "y"));
            assertTrue(e.getMessage().contains("temb"), e.getMessage());
            return null;
        }, DataType.FLOAT);
    }

    @Test
    void unknownModeIsAClearError() {
        String previous = System.getProperty(OpPlan.PROPERTY);
        System.setProperty(OpPlan.PROPERTY, "sometimes");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, OpPlan::enabled);
            assertTrue(e.getMessage().contains("on, off or poison"), e.getMessage());
        } finally {
            if (previous == null) System.clearProperty(OpPlan.PROPERTY);
            else System.setProperty(OpPlan.PROPERTY, previous);
        }
    }
}
