package org.genlab.common.nn;

import org.genlab.common.random.Rng;
import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny matrix products as Java kernels (SmallGemm through MatMul) against ND4J's matmul in float64: the product and
 * both operands' gradients (SameDiff's matmul_bp, whose products the kernels compute too), for every transpose
 * combination and each loop form, with vector tails (sizes that are not multiples of the vector length).
 */
class SmallGemmTest {
    /** The product from an output request and from the gradient computation, the gradients, and the ops skipped. */
    private record Run(INDArray out, INDArray outWithGradients, Map<String, INDArray> grads, long skippedForward,
                       long skippedBackward) {
    }

    /** loss = Σ op(a)·op(b) ⊙ c for a stored {@code aShape} and b stored {@code bShape}. */
    private static Run run(DataType dtype, long[] aShape, long[] bShape, boolean tA, boolean tB) {
        ModelGraph g = new ModelGraph(dtype, new Rng(3));
        SameDiff sd = g.sd();
        SDVariable a = sd.var("a", GradCheck.uniform(11, aShape).subi(0.5).muli(4).castTo(dtype));
        SDVariable b = sd.var("b", GradCheck.uniform(12, bShape).subi(0.5).muli(4).castTo(dtype));
        // renamed, as models name their outputs: the kernels follow the op, not its output's name
        SDVariable y = MatMul.of(a, b, tA, tB).rename("product");
        long m = aShape[tA ? 1 : 0], n = bShape[tB ? 0 : 1];
        y.mul(sd.constant(GradCheck.uniform(13, m, n).castTo(dtype))).sum().rename("loss");
        sd.setLossVariables("loss");
        OutAndGrad r = g.gradientsAndOutputs(Map.of(), List.of(y.name()), List.of("a", "b"));
        INDArray out = sd.output(Map.of(), y.name()).get(y.name());
        long fwd = assertInstanceOf(SubgraphCachingSession.class, sd.getSessions().get(Thread.currentThread().getId())).skippedOps();
        long bwd = assertInstanceOf(SubgraphCachingSession.class,
                sd.getFunction("grad").getSessions().get(Thread.currentThread().getId())).skippedOps();
        return new Run(out, r.getOutputs().get(y.name()), r.getGradients(), fwd, bwd);
    }

    private static long[] shape(String s) {
        return java.util.Arrays.stream(s.split("x")).mapToLong(Long::parseLong).toArray();
    }

    /**
     * {@code inGradient}: the tiny ops the gradient computation ran as kernels: the product and its matmul_bp, or only
     * the product where the upstream gradient, a [1, 1] array, does not pass the kernels' dense-layout check
     * (HostArrays.dense), so ND4J runs that matmul_bp.
     */
    @ParameterizedTest(name = "{0} · {1}, transposed {2} {3}")
    @CsvSource({
            "37x3, 3x40, false, false, 2",  // K tiny: rows of B
            "41x2, 2x35, false, false, 2",  // K = 2, a 2-D input layer
            "2x37, 2x40, true, false, 2",   // K = 2 with A transposed
            "37x2, 40x2, false, true, 2",   // K = 2 with B transposed: its rows copied out
            "3x37, 3x40, true, false, 2",   // A enters transposed
            "2x50, 50x33, false, false, 2", // M tiny
            "37x50, 50x3, false, false, 2", // N tiny: dot products with B's copied columns
            "37x50, 3x50, false, true, 2",  // N tiny, B enters transposed: its rows are the columns
            "50x37, 50x1, true, false, 2",  // N = 1 with A transposed: columns of A
            "37x1, 40x1, false, true, 2",   // K = 1 with B transposed (a critic's ∇ₓD seed times w_outᵀ)
            "1x64, 64x48, false, false, 2", // a time embedding's single row
            "1x16, 16x1, false, false, 1"}) // one dot product
    void tinyProductsAndTheirGradientsMatchNd4j(String a, String b, boolean tA, boolean tB, int inGradient) {
        Run f = run(DataType.FLOAT, shape(a), shape(b), tA, tB), d = run(DataType.DOUBLE, shape(a), shape(b), tA, tB);
        assertClose(d.out, f.out, "product");
        assertEquals(f.out, f.outWithGradients, "the same product in both requests");
        assertClose(d.grads.get("a"), f.grads.get("a"), "gradient of a");
        assertClose(d.grads.get("b"), f.grads.get("b"), "gradient of b");
        // The float graph's product and its matmul_bp ran as kernels; the double graph has none.
        assertTrue(f.skippedForward == 1 && f.skippedBackward == inGradient, "skipped " + f.skippedForward + ", " + f.skippedBackward);
        assertEquals(0, d.skippedForward + d.skippedBackward);
    }

    @Test
    void largeProductsStayWithNd4j() {
        Run f = run(DataType.FLOAT, new long[]{20, 30}, new long[]{30, 40}, false, false);
        Run d = run(DataType.DOUBLE, new long[]{20, 30}, new long[]{30, 40}, false, false);
        assertClose(d.out, f.out, "product");
        assertClose(d.grads.get("b"), f.grads.get("b"), "gradient of b");
        assertEquals(0, f.skippedForward + f.skippedBackward, "no tiny side: ND4J ran both ops");
    }

    @Test
    void formsNeedOneTinySideAndAFittingLayout() {
        assertNull(SmallGemm.form(20, 30, 40, false, false));
        assertEquals(SmallGemm.Form.ROWS, SmallGemm.form(1000, 2, 128, false, false));
        assertEquals(SmallGemm.Form.DOTS, SmallGemm.form(1000, 128, 2, false, false));
        assertEquals(SmallGemm.Form.COLUMNS, SmallGemm.form(512, 256, 1, true, false));
        // K tiny with B transposed: its rows are copied out
        assertEquals(SmallGemm.Form.ROWS, SmallGemm.form(256, 2, 512, false, true));
        // M tiny with both transposed and ten columns: no form reads these layouts well
        assertNull(SmallGemm.form(2, 10, 10, true, true));
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        INDArray e = expected.castTo(DataType.DOUBLE), a = actual.castTo(DataType.DOUBLE);
        assertEquals(java.util.Arrays.toString(e.shape()), java.util.Arrays.toString(a.shape()), what + " shape");
        double scale = Math.max(1.0, e.amaxNumber().doubleValue());
        double err = e.sub(a).amaxNumber().doubleValue();
        assertTrue(err <= 2e-6 * scale, what + ": max difference " + err + " (scale " + scale + ")");
    }
}
