package org.genlab.experiments.bench;

import org.genlab.common.nn.JavaKernels;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timing harness: quantiles, GFLOP/s from a real SGEMM, memory sampling cadence, op profile of a real graph. */
class BenchTest {
    @Test
    void quantilesInterpolateLinearly() {
        double[] v = {1, 2, 3, 4, 5};
        assertEquals(3.0, Bench.quantile(v, 0.5), 1e-12);
        assertEquals(1.4, Bench.quantile(v, 0.1), 1e-12);
        assertEquals(5.0, Bench.quantile(v, 1.0), 1e-12);
    }

    @Test
    void gemmReportsPositiveFlopRateAndMemory() {
        Bench.Result r = Bench.measure(new GemmWorkload(64), 1, 0.0, 3);
        assertEquals("gemm-64", r.name());
        assertTrue(r.medianMs() > 0 && r.p10Ms() <= r.medianMs() && r.medianMs() <= r.p90Ms());
        assertTrue(r.extras().get("gflops") > 0);
        assertTrue(r.peakRssMb() >= r.rssMb() && r.rssMb() > 0, "RSS from /proc");
    }

    @Test
    void memoryRunSamplesEveryKStepsAndTheLast() {
        List<MemoryRun.Sample> s = MemoryRun.run(new GemmWorkload(32), 25, 10, 0);
        assertEquals(List.of(0L, 10L, 20L, 25L), s.stream().map(MemoryRun.Sample::step).toList());
        assertTrue(s.stream().allMatch(x -> x.rssMb() > 0));
    }

    @Test
    void profileCountsTheOpsOfTheMlpStep() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        OpProfile.profile(new MlpAdamWorkload(), 1, 2, new java.io.PrintStream(buf));
        String out = buf.toString();
        // 3 layers: 3 matmul forward and 3 matmul_bp per step
        assertTrue(out.matches("(?s).*\\n  matmul\\s+3\\.0 .*") && out.matches("(?s).*\\n  matmul_bp\\s+3\\.0 .*"), out);
    }

    @Test
    void layerWorkloadsRunTheLayersOpsForwardAndBackward() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        OpProfile.profile(LayerWorkload.conv3x3(), 1, 2, new java.io.PrintStream(buf));
        String conv = buf.toString();
        assertTrue(conv.matches("(?s).*\\n  conv2d\\s+1\\.0 .*") && conv.matches("(?s).*\\n  conv2d_bp\\s+1\\.0 .*"), conv);
        buf.reset();
        OpProfile.profile(LayerWorkload.groupNormSilu(), 1, 2, new java.io.PrintStream(buf));
        String gn = buf.toString();
        // The Java kernel runs on its carrier ops: one scalar multiplication forward and one backward.
        assertTrue(gn.matches("(?s).*\\n  mul_scalar\\s+2\\.0 .*") && !gn.contains("sigmoid"), gn);
        buf.reset();
        System.setProperty(JavaKernels.PROPERTY, "off");
        try {
            OpProfile.profile(LayerWorkload.groupNormSilu(), 1, 2, new java.io.PrintStream(buf));
        } finally {
            System.clearProperty(JavaKernels.PROPERTY);
        }
        String composed = buf.toString();
        assertTrue(composed.matches("(?s).*\\n  sigmoid_bp\\s+1\\.0 .*") && composed.matches("(?s).*\\n  reduce_mean_bp\\s+.*"), composed);
    }
}
