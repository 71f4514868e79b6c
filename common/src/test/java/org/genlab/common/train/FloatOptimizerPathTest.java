package org.genlab.common.train;

import org.genlab.common.nn.Init;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The float32 Java loops of the optimisers ({@link FloatViews}) against the ND4J-op path, which double arrays take
 * (ScheduleAndOptimizerTest checks that path against the hand-computed definitions).
 */
class FloatOptimizerPathTest {

    /** One chunk, and more than two chunks with a partial last one (FloatViews.CHUNK = 2048). */
    private static final long[][] SHAPES = {{7, 5}, {70, 61}};

    /** Runs five updates of {@code opt} on float32 and a twin on float64 from the same values; returns max |Δp|. */
    private static double floatVsDouble(Supplier<Optimizer> make, long[] shape, boolean viewGradient) {
        Random r = new Random(3);
        int len = (int) (shape[0] * shape[1]);
        double[] p0 = new double[len];
        for (int i = 0; i < p0.length; i++) p0[i] = r.nextGaussian();
        INDArray pf = Nd4j.createFromArray(p0).reshape(shape).castTo(DataType.FLOAT);
        INDArray pd = Nd4j.createFromArray(p0).reshape(shape);
        Optimizer of = make.get(), od = make.get();
        for (int step = 0; step < 5; step++) {
            double[] g = new double[len];
            for (int i = 0; i < g.length; i++) g[i] = r.nextGaussian() * (i % 7 == 0 ? 0 : 1);
            INDArray gd = Nd4j.createFromArray(g).reshape(shape);
            // A view (a column block of a wider array) is not dense: it must take the ND4J-op path and agree too.
            INDArray gf = viewGradient
                    ? Nd4j.concat(1, gd, gd).castTo(DataType.FLOAT).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, shape[1]))
                    : gd.castTo(DataType.FLOAT);
            assertEquals(viewGradient, FloatViews.of(pf, gf) == null);
            of.update(Map.of("w", pf), Map.of("w", gf), 0.05);
            od.update(Map.of("w", pd), Map.of("w", gd.dup()), 0.05);
        }
        return pf.castTo(DataType.DOUBLE).sub(pd).amaxNumber().doubleValue();
    }

    @Test
    void floatLoopsAgreeWithTheOpPathOfEachOptimiser() {
        Map<String, Supplier<Optimizer>> opts = Map.of(
                "adam", () -> new Adam("o", 0.9, 0.999, 1e-8, 0),
                "adamw", () -> new Adam("o", 0.5, 0.9, 1e-6, 0.1),
                "rmsprop", () -> new RmsProp("o", 0.99, 1e-8),
                "sgd-momentum-wd", () -> new Sgd("o", 0.9, 0.01));
        for (Map.Entry<String, Supplier<Optimizer>> e : opts.entrySet()) {
            for (long[] shape : SHAPES) {
                for (boolean view : new boolean[]{false, true}) {
                    double d = floatVsDouble(e.getValue(), shape, view);
                    assertTrue(d < 2e-6, e.getKey() + " " + java.util.Arrays.toString(shape) + (view ? " (view)" : "")
                            + ": float and double paths differ by " + d);
                }
            }
        }
    }

    @Test
    void momentsOfAParameterWithoutGradientFlushToZeroInsteadOfTurningSubnormal() {
        INDArray p = Nd4j.createFromArray(1f, 1f);
        Adam adam = new Adam("o", 0.9, 0.999, 1e-8, 0);
        adam.update(Map.of("p", p), Map.of("p", Nd4j.createFromArray(1e-3f, 1e-3f)), 1e-3);
        // 0.9^t · 1e-4 reaches the first-moment quantum (2^-93 ≈ 1e-28) near t = 520 and Float.MIN_NORMAL near
        // t = 760; without flushing, m would be a subnormal at t = 1000. Rounding to the quantum stops the decay at
        // k quanta with 0.9k rounding back to k (k ≤ 4): a normal float, so no microcode assists.
        for (int t = 0; t < 1000; t++) adam.update(Map.of("p", p), Map.of("p", Nd4j.createFromArray(0f, 0f)), 1e-3);
        float m = adam.slots.get("p").get("m").getFloat(0);
        assertTrue(m >= 0 && m <= 4 * 0x1p-93f && m % 0x1p-93f == 0, "m = " + m + " is a small multiple of 2^-93");
        assertTrue(adam.slots.get("p").get("v").getFloat(0) >= Float.MIN_NORMAL, "v (β2 = 0.999) is still normal");
        assertTrue(Float.isFinite(p.getFloat(0)));
    }

    @Test
    void flushingRoundsTinyValuesToAQuantumAndLeavesTheRestWithinOneUlp() {
        float quantum = 0x1p-93f;
        assertEquals(0f, FloatViews.flush(Float.MIN_VALUE), 0f);
        assertEquals(0f, FloatViews.flush(-0.49f * Float.MIN_NORMAL), 0f);
        assertEquals(Float.MIN_NORMAL, FloatViews.flush(Float.MIN_NORMAL), 0f);
        assertEquals(-Float.MIN_NORMAL, FloatViews.flush(-0.6f * Float.MIN_NORMAL), 0f);
        assertEquals(-2f, FloatViews.flush(-2f), 0f);
        assertEquals(0f, FloatViews.flushFirstMoment(-0.49f * quantum), 0f);
        assertEquals(0f, FloatViews.flushFirstMoment(0.49f * quantum), 0f);
        assertEquals(-quantum, FloatViews.flushFirstMoment(-0.9f * quantum), 0f);
        assertEquals(2 * quantum, FloatViews.flushFirstMoment(2.1f * quantum), 0f);
        Random r = new Random(11);
        for (int k = 0; k < 100_000; k++) {
            // Magnitudes spread over 2^-149 .. 2^10, both signs.
            float x = (float) ((r.nextBoolean() ? 1 : -1) * Math.pow(2, -149 + 159 * r.nextDouble()));
            float f = FloatViews.flush(x), m = FloatViews.flushFirstMoment(x);
            assertTrue(f == 0 || Math.abs(f) >= Float.MIN_NORMAL, "flush(" + x + ") = " + f + " is subnormal");
            assertTrue(m == 0 || Math.abs(m) >= quantum, "flushFirstMoment(" + x + ") = " + m + " is below the quantum");
            assertTrue(Math.abs(f - x) <= Math.max(Float.MIN_NORMAL, Math.ulp(x)), "flush moved " + x + " to " + f);
            assertTrue(Math.abs(m - x) <= Math.max(quantum, Math.ulp(x)), "flushFirstMoment moved " + x + " to " + m);
            // Exact where it could matter: every v ≥ 2^-78 and every m ≥ 2^-45 (≈ 2.8e-14) stays as it was.
            if (Math.abs(x) >= 0x1p-78f) assertEquals(x, f, 0f);
            if (Math.abs(x) >= 0x1p-45f) assertEquals(x, m, 0f);
        }
    }

    @Test
    void emaFloatLoopFollowsItsDefinition() {
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            ModelGraph g = new ModelGraph(dt, new Rng(5));
            g.scope("m").param("w", Init.constant(1.0), 1, 1, 3, 4);
            String w = g.paramNames().get(0);
            Ema ema = new Ema(g, g.paramNames(), 0.9, false);
            double shadow = 1.0;
            for (int k = 1; k <= 4; k++) {
                g.array(w).assign(2.0 * k);
                ema.update();
                shadow = 0.9 * shadow + 0.1 * 2.0 * k;
                assertEquals(shadow, ema.shadow(w).getDouble(2, 3), dt == DataType.FLOAT ? 1e-6 : 1e-12, dt + " update " + k);
            }
        }
    }
}
