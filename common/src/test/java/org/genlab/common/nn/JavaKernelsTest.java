package org.genlab.common.nn;

import org.genlab.common.random.Rng;
import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java GroupNorm(+SiLU) kernel in a float32 graph against the SameDiff composition in float64, which NormTest
 * checks against central differences: outputs, the input's gradient (also when the input feeds a second op, so
 * SameDiff adds the kernel's gradient to another) and γ, β's gradients, which come from the kernel alone.
 */
class JavaKernelsTest {
    private static final long[] SHAPE = {3, 6, 5, 7};   // 35 positions: vector loops plus scalar tails

    private record Run(INDArray out, Map<String, INDArray> grads) {
    }

    /** loss = Σ (block(x) + x/2)·c, with the block's output also requested. */
    private static Run run(DataType dtype, boolean silu, boolean affine, int groups) {
        return run(dtype, silu, affine, groups, SHAPE);
    }

    private static Run run(DataType dtype, boolean silu, boolean affine, int groups, long[] shape) {
        ModelGraph g = new ModelGraph(dtype, new Rng(3));
        GroupNorm gn = new GroupNorm(g.scope("gn"), shape[1], groups, 1e-5, affine);
        if (affine) {
            g.array("gn/gamma").assign(GradCheck.uniform(2, shape[1]).addi(1.2));
            g.array("gn/beta").assign(GradCheck.uniform(4, shape[1]));
        }
        SDVariable x = g.sd().var("x", GradCheck.uniform(5, shape).muli(3).addi(1).castTo(dtype));
        SDVariable y = silu ? gn.applySilu(x) : gn.apply(x);
        SDVariable c = g.sd().constant(GradCheck.uniform(6, shape).castTo(dtype));
        y.add(x.mul(0.5)).mul(c).sum().rename("loss");
        g.sd().setLossVariables("loss");
        List<String> wrt = new java.util.ArrayList<>(g.paramNames());
        wrt.add("x");
        OutAndGrad r = g.gradientsAndOutputs(Map.of(), List.of(y.name()), wrt);
        return new Run(r.getOutputs().get(y.name()), r.getGradients());
    }

    @ParameterizedTest
    @CsvSource({"true,true,3", "false,true,2", "true,false,6", "true,true,1"})
    void floatKernelMatchesTheDoubleComposition(boolean silu, boolean affine, int groups) {
        assertTrue(JavaKernels.enabled(DataType.FLOAT), "the tests run with --add-modules jdk.incubator.vector");
        assertFalse(JavaKernels.enabled(DataType.DOUBLE));
        Run f = run(DataType.FLOAT, silu, affine, groups);
        Run d = run(DataType.DOUBLE, silu, affine, groups);
        assertClose(d.out, f.out, 2e-5, "output");
        assertEquals(d.grads.keySet(), f.grads.keySet());
        for (String name : d.grads.keySet()) assertClose(d.grads.get(name), f.grads.get(name), 2e-4, "gradient of " + name);
    }

    /** Σ (f(x) + x/2)·c over [300, 129]: 38,700 elements, two threads' ranges with vector tails. */
    private static Run pointwise(DataType dtype, Activation f) {
        ModelGraph g = new ModelGraph(dtype, new Rng(3));
        SDVariable x = g.sd().var("x", GradCheck.uniform(7, 300, 129).subi(0.5).muli(40).castTo(dtype));
        SDVariable y = f.apply(x).rename("activated");   // the kernel follows its carrier op, not the output's name
        y.add(x.mul(0.5)).mul(g.sd().constant(GradCheck.uniform(8, 300, 129).castTo(dtype))).sum().rename("loss");
        g.sd().setLossVariables("loss");
        assertEquals(dtype == DataType.FLOAT ? 1 : 0, g.kernelCount(), "Java kernels in the " + dtype + " graph");
        OutAndGrad r = g.gradientsAndOutputs(Map.of(), List.of(y.name()), List.of("x"));
        return new Run(r.getOutputs().get(y.name()), r.getGradients());
    }

    /**
     * Σ (f(x + b) + x/2 + b/2)·c with b of shape {@code bShape} ("129": a bias; "1x129": a row; "300x129": a full
     * operand, all of which the kernel adds itself; "300x1": a column, which ND4J adds first) and SameDiff's add_bp
     * carrying the gradients, b's summed over the broadcast axes.
     */
    private static Run pointwiseOfSum(DataType dtype, Activation f, String bShapeText) {
        return pointwiseOfSum(dtype, f, bShapeText, 300);
    }

    private static Run pointwiseOfSum(DataType dtype, Activation f, String bShapeText, long rows) {
        ModelGraph g = new ModelGraph(dtype, new Rng(3));
        SDVariable x = g.sd().var("x", GradCheck.uniform(7, rows, 129).subi(0.5).muli(40).castTo(dtype));
        long[] bShape = java.util.Arrays.stream(bShapeText.split("x")).mapToLong(Long::parseLong).toArray();
        SDVariable b = g.sd().var("b", GradCheck.uniform(9, bShape).subi(0.5).muli(4).castTo(dtype));
        SDVariable y = f.applyToSum(x, b);
        y.add(x.mul(0.5)).add(b.mul(0.5)).mul(g.sd().constant(GradCheck.uniform(8, rows, 129).castTo(dtype))).sum().rename("loss");
        g.sd().setLossVariables("loss");
        assertEquals(dtype == DataType.FLOAT ? 1 : 0, g.kernelCount(), "Java kernels in the " + dtype + " graph");
        OutAndGrad r = g.gradientsAndOutputs(Map.of(), List.of(y.name()), List.of("x", "b"));
        return new Run(r.getOutputs().get(y.name()), r.getGradients());
    }

    @ParameterizedTest
    @CsvSource({"SILU,129", "SOFTPLUS,129", "RELU,129", "SILU,300x129", "SOFTPLUS,1x129", "SILU,300x1", "RELU,300x1"})
    void pointwiseKernelsOnASumMatchTheDoubleComposition(Activation f, String bShape) {
        Run k = pointwiseOfSum(DataType.FLOAT, f, bShape), d = pointwiseOfSum(DataType.DOUBLE, f, bShape);
        assertClose(d.out, k.out, 2e-6, "output");
        assertClose(d.grads.get("x"), k.grads.get("x"), 2e-6, "gradient of x");
        assertClose(d.grads.get("b"), k.grads.get("b"), 2e-6, "gradient of b");
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"SILU", "SOFTPLUS", "RELU"})
    void pointwiseKernelsMatchTheDoubleComposition(Activation f) {
        Run k = pointwise(DataType.FLOAT, f), d = pointwise(DataType.DOUBLE, f);
        assertClose(d.out, k.out, 2e-6, "output");
        assertClose(d.grads.get("x"), k.grads.get("x"), 2e-6, "gradient of x");
    }

    @Test
    void takesStridedInputs() {
        ModelGraph f = new ModelGraph(DataType.FLOAT, new Rng(3)), d = new ModelGraph(DataType.DOUBLE, new Rng(3));
        INDArray xv = GradCheck.uniform(5, 3, 6, 7, 5).muli(3);
        SDVariable yf = new GroupNorm(f.scope("gn"), 6, 3).applySilu(f.sd().constant(xv.castTo(DataType.FLOAT)).permute(0, 1, 3, 2));
        SDVariable yd = new GroupNorm(d.scope("gn"), 6, 3).applySilu(d.sd().constant(xv).permute(0, 1, 3, 2));
        assertClose(Graphs.eval(d, yd), Graphs.eval(f, yf), 2e-5, "output");
    }

    /** SiLU(GroupNorm(x + shift)) with a per-sample, per-channel shift [n, c, 1, 1], as the U-Net adds its time embedding. */
    private static Run shifted(DataType dtype) {
        ModelGraph g = new ModelGraph(dtype, new Rng(3));
        GroupNorm gn = new GroupNorm(g.scope("gn"), SHAPE[1], 3, 1e-5, true);
        g.array("gn/gamma").assign(GradCheck.uniform(2, SHAPE[1]).addi(1.2));
        g.array("gn/beta").assign(GradCheck.uniform(4, SHAPE[1]));
        SDVariable x = g.sd().var("x", GradCheck.uniform(5, SHAPE).muli(3).addi(1).castTo(dtype));
        SDVariable shift = g.sd().var("shift", GradCheck.uniform(10, SHAPE[0], SHAPE[1], 1, 1).muli(4).castTo(dtype));
        SDVariable y = gn.applySilu(x, shift);
        y.add(x.mul(0.5)).mul(g.sd().constant(GradCheck.uniform(6, SHAPE).castTo(dtype))).sum().rename("loss");
        g.sd().setLossVariables("loss");
        List<String> wrt = new java.util.ArrayList<>(g.paramNames());
        wrt.add("x");
        wrt.add("shift");
        OutAndGrad r = g.gradientsAndOutputs(Map.of(), List.of(y.name()), wrt);
        return new Run(r.getOutputs().get(y.name()), r.getGradients());
    }

    @Test
    void groupNormOfASumMatchesTheDoubleComposition() {
        Run f = shifted(DataType.FLOAT), d = shifted(DataType.DOUBLE);
        assertClose(d.out, f.out, 2e-5, "output");
        assertEquals(d.grads.keySet(), f.grads.keySet());
        for (String name : d.grads.keySet()) assertClose(d.grads.get(name), f.grads.get(name), 2e-4, "gradient of " + name);
    }

    /** Three threads over shapes large enough to be split (surefire runs one thread): the same results. */
    @Test
    void parallelRangesGiveTheSameResults() {
        int previous = KernelThreads.setThreads(3);
        try {
            long[] big = {5, 4, 128, 160};   // 81,920 elements per sample: one sample per range
            Run f = run(DataType.FLOAT, true, true, 2, big), d = run(DataType.DOUBLE, true, true, 2, big);
            assertClose(d.out, f.out, 2e-5, "GroupNorm output");
            for (String name : d.grads.keySet()) assertClose(d.grads.get(name), f.grads.get(name), 2e-4, "gradient of " + name);
            assertEquals(3, KernelThreads.parts(6 * 4 * 256 * 160, 1 << 18), "pointwise ranges for 983,040 elements");
            ModelGraph g = new ModelGraph(DataType.FLOAT, new Rng(3)), r = new ModelGraph(DataType.DOUBLE, new Rng(3));
            INDArray xv = GradCheck.uniform(11, 6, 4, 256, 160).subi(0.5).muli(20);
            SDVariable yk = Activation.SILU.apply(g.sd().constant(xv.castTo(DataType.FLOAT)));
            SDVariable yr = Activation.SILU.apply(r.sd().constant(xv));
            assertEquals(1, g.kernelCount());
            assertClose(Graphs.eval(r, yr), Graphs.eval(g, yk), 2e-6, "SiLU output");
        } finally {
            KernelThreads.setThreads(previous);
        }
    }

    /**
     * The thread count changes no bit of the GroupNorm kernel's results: every sum runs within one sample, and γ's
     * and β's gradients are added over samples in sample order (a run resumed on another machine repeats itself).
     */
    @Test
    void threadCountChangesNoBit() {
        long[] big = {6, 4, 128, 160};
        int previous = KernelThreads.setThreads(1);
        try {
            Run one = run(DataType.FLOAT, true, true, 2, big);
            KernelThreads.setThreads(3);
            assertEquals(3, KernelThreads.parts(6, 1), "samples split over three threads");
            Run three = run(DataType.FLOAT, true, true, 2, big);
            assertArrayEquals(one.out.data().asFloat(), three.out.data().asFloat(), "output");
            for (String name : one.grads.keySet()) {
                assertArrayEquals(one.grads.get(name).dup().data().asFloat(), three.grads.get(name).dup().data().asFloat(),
                        "gradient of " + name);
            }
        } finally {
            KernelThreads.setThreads(previous);
        }
    }

    /** The bias gradient a pointwise kernel on a sum accumulates by blocks of rows does not depend on the thread count. */
    @Test
    void rowSumsOfAKernelOnASumIgnoreTheThreadCount() {
        int previous = KernelThreads.setThreads(1);
        try {
            Run one = pointwiseOfSum(DataType.FLOAT, Activation.SILU, "129", 4100);
            KernelThreads.setThreads(3);
            assertTrue(KernelThreads.parts(4100 / 32 + 1, 262144 / (32 * 129)) > 1, "row blocks split over threads");
            Run three = pointwiseOfSum(DataType.FLOAT, Activation.SILU, "129", 4100);
            assertArrayEquals(one.grads.get("b").dup().data().asFloat(), three.grads.get("b").dup().data().asFloat());
            assertArrayEquals(one.grads.get("x").dup().data().asFloat(), three.grads.get("x").dup().data().asFloat());
        } finally {
            KernelThreads.setThreads(previous);
        }
    }

    /**
     * σ(x) = 1/(1 + e^−x) stays a normal float however negative x is: a subnormal σ makes every operation on it a
     * microcode assist, which doubled the SiLU time of a PF-ODE network's first layer (its pre-activations went below
     * −87). σ is then at least 1/(1 + e^87) instead of the true, smaller value; x·σ(x) is below 2e-33 either way.
     */
    @Test
    void sigmoidOfVeryNegativeInputsIsNotSubnormal() {
        float[] xs = new float[Lanes.SP.length()];
        for (int i = 0; i < xs.length; i++) xs[i] = -80f - 10f * i;   // −80 … below −87
        float[] s = Pointwise.sigmoidFromExpNeg(Lanes.exp(jdk.incubator.vector.FloatVector.fromArray(Lanes.SP, xs, 0).neg())).toArray();
        for (int i = 0; i < xs.length; i++) {
            assertTrue(s[i] >= Float.MIN_NORMAL, "σ(" + xs[i] + ") = " + s[i] + " is subnormal");
            assertEquals(1 / (1 + Math.exp(-Math.max(xs[i], -87.0))), s[i], 1e-6 * s[i], "σ(" + xs[i] + ")");
        }
    }

    /** Fewer positions than vector lanes (scalar loops only) and one sample. */
    @ParameterizedTest
    @CsvSource({"2,4,2,2", "1,6,3,5", "5,8,1,3"})
    void smallAndOddShapes(long n, long c, long h, long w) {
        long[] shape = {n, c, h, w};
        Run f = run(DataType.FLOAT, true, true, 2, shape);
        Run d = run(DataType.DOUBLE, true, true, 2, shape);
        assertClose(d.out, f.out, 2e-5, "output");
        for (String name : d.grads.keySet()) assertClose(d.grads.get(name), f.grads.get(name), 2e-4, "gradient of " + name);
    }

    @Test
    void inferenceUsesTheKernelToo() {
        ModelGraph g = new ModelGraph(DataType.FLOAT, new Rng(3));
        GroupNorm gn = new GroupNorm(g.scope("gn"), 6, 3);
        INDArray xv = GradCheck.uniform(5, SHAPE).muli(3).addi(1).castTo(DataType.FLOAT);
        SDVariable y = gn.applySilu(g.sd().placeHolder("x", DataType.FLOAT, -1, 6, 5, 7));
        INDArray out = g.sd().output(Map.of("x", xv), y.name()).get(y.name());
        ModelGraph ref = new ModelGraph(DataType.DOUBLE, new Rng(3));
        SDVariable yr = new GroupNorm(ref.scope("gn"), 6, 3).applySilu(ref.sd().constant(xv.castTo(DataType.DOUBLE)));
        assertClose(Graphs.eval(ref, yr), out, 2e-5, "output");
    }

    @Test
    void switchedOffBuildsTheComposition() {
        System.setProperty(JavaKernels.PROPERTY, "off");
        try {
            assertFalse(JavaKernels.enabled(DataType.FLOAT));
            Run off = run(DataType.FLOAT, true, true, 3);
            Run d = run(DataType.DOUBLE, true, true, 3);
            assertClose(d.out, off.out, 2e-5, "output");
            assertNotNull(off.grads.get("gn/gamma"));
        } finally {
            System.clearProperty(JavaKernels.PROPERTY);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        INDArray e = expected.castTo(DataType.DOUBLE), a = actual.castTo(DataType.DOUBLE);
        assertEquals(java.util.Arrays.toString(e.shape()), java.util.Arrays.toString(a.shape()), what + " shape");
        double scale = Math.max(1.0, e.amaxNumber().doubleValue());
        double err = e.sub(a).amaxNumber().doubleValue();
        assertTrue(err <= tol * scale, what + ": max difference " + err + " (scale " + scale + ")");
    }
}
