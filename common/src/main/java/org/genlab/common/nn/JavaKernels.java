package org.genlab.common.nn;

import org.genlab.common.backend.Backend;
import org.genlab.common.backend.HostArrays;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.MmulBp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.AddBpOp;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-written Java kernels inside one SameDiff graph. SameDiff 1.0.0-M2.1 can neither run Java code as an op nor
 * take a gradient written in Java (docs/samediff-pitfalls.md, pitfall 1), but it hands each op's live output arrays
 * to its listeners before any later op reads them. A kernel therefore sits on a cheap carrier op, y = x·1 (a scalar
 * multiplication), and this listener overwrites the carrier's output with the kernel's forward pass. SameDiff
 * differentiates the carrier as dx = dy·1, another scalar multiplication, whose output the listener overwrites with
 * the kernel's backward pass. A kernel's own parameters are inputs of no op (SameDiff would otherwise give them
 * gradients through the carrier that are not theirs); {@link ModelGraph#gradientsAndOutputs} adds the gradients the
 * kernel computed. A kernel may also run in place on the output of a sum a + b ({@link #applyToSum}), the bias or
 * time embedding added just before an activation or a GroupNorm; SameDiff's add_bp then carries the gradients.
 *
 * <p>Used when the graph is float32 and the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}, which
 * the launcher and the build pass); {@code -Dgenlab.javaKernels=off} builds the SameDiff compositions instead.
 */
public final class JavaKernels extends BaseListener {
    /** System property: "off" builds the SameDiff compositions instead of Java kernels. */
    public static final String PROPERTY = Backend.JAVA_KERNELS;

    /** One use of a kernel in the graph: input and output have one shape. */
    interface Kernel {
        /** out = f(in); {@code keepForBackward}: a backward pass follows, keep what it needs. */
        void forward(INDArray in, INDArray out, boolean keepForBackward);

        /** gradIn = (∂f/∂in)ᵀ·gradOut at the last kept forward pass; records the parameters' gradients. */
        void backward(INDArray gradOut, INDArray gradIn);

        /** The parameters' gradients from the last backward pass, by variable name. */
        Map<String, INDArray> parameterGradients();

        /**
         * For a kernel on a sum: writes the last backward pass's gradient summed over the axes along which
         * {@code target}'s operand was broadcast, when the kernel has those sums already; false to leave it to
         * {@link #reduceTo}.
         */
        default boolean sumGradientInto(INDArray target) {
            return false;
        }

        /**
         * For a kernel on a sum: out = f(a + b) from the operands, without the sum computed first; false when it cannot
         * for these shapes. Only asked of kernels that {@link #fusesSum}.
         */
        default boolean forwardSum(INDArray a, INDArray b, INDArray out, boolean keepForBackward) {
            return false;
        }

        /** Whether {@link #forwardSum} is implemented, so that the sum op need not run before the kernel. */
        default boolean fusesSum() {
            return false;
        }
    }

    private final SameDiff sd;
    /**
     * Kernels by the name of their carrier op. Ops keep their names when a model renames an output variable, and the
     * gradient function holds the forward ops under the same names.
     */
    private final Map<String, Kernel> byCarrier = new HashMap<>();
    /** Names of the matmul ops whose tiny cases {@link SmallGemm} computes ({@link #matmul}). */
    private final Set<String> products = new HashSet<>();
    /** Their outputs' gradients in the gradient function {@link #resolvedFor}: the third input of their matmul_bp. */
    private final Set<String> productGradients = new HashSet<>();
    /** Carrier-gradient variable → kernel, for the gradient function {@link #resolvedFor}. */
    private final Map<String, Kernel> byGradient = new HashMap<>();
    private SameDiff resolvedFor;
    private int resolvedCount;
    private final Set<Kernel> ranBackward = new LinkedHashSet<>();

    JavaKernels(SameDiff sd) {
        this.sd = sd;
        VectorLoopDirectives.install();
    }

    /** Whether graphs of {@code dtype} get Java kernels: float32, the Vector API present, the property not "off". */
    public static boolean enabled(DataType dtype) {
        return dtype == DataType.FLOAT && Backend.javaKernels();
    }

    /** The kernels of a graph built by {@link ModelGraph} with kernels enabled, else null. */
    static JavaKernels of(SameDiff sd) {
        if (sd.getListeners() == null) return null;
        for (Object l : sd.getListeners()) if (l instanceof JavaKernels k) return k;
        return null;
    }

    /**
     * y = f(x) as a kernel when {@code x}'s graph has kernels and f has one (SiLU, softplus, ReLU), else null. Takes
     * the Activation, not a kernel type: nothing may load the Vector API's classes in a JVM without its module.
     */
    static SDVariable pointwise(SDVariable x, Activation f) {
        JavaKernels k = forPointwise(x, f);
        return k == null ? null : k.apply(x, new PointwiseNode(f));
    }

    /** y = f(a + b) as a kernel on the sum when {@code a}'s graph has kernels and f has one, else null. */
    static SDVariable pointwiseOfSum(SDVariable a, SDVariable b, Activation f) {
        JavaKernels k = forPointwise(a, f);
        return k == null ? null : k.applyToSum(a, b, new PointwiseNode(f));
    }

    /**
     * op(a)·op(b) (op: transposed when asked), computed by {@link SmallGemm} whenever a call's sizes make one side
     * tiny and its graph has kernels; ND4J's product otherwise. The op stays SameDiff's matmul, so its gradient is
     * SameDiff's matmul_bp, whose tiny cases the kernels compute too.
     */
    static SDVariable matmul(SDVariable a, SDVariable b, boolean transposeA, boolean transposeB) {
        SameDiff s = a.getSameDiff();
        SDVariable y = s.mmul(a, b, transposeA, transposeB, false);
        JavaKernels k = enabled(a.dataType()) ? of(s) : null;
        if (k != null) k.products.add(y.getCreator().getOwnName());
        return y;
    }

    /** The kernels of {@code x}'s graph when it has them and f has a kernel (SiLU, softplus, ReLU), else null. */
    private static JavaKernels forPointwise(SDVariable x, Activation f) {
        boolean hasKernel = f == Activation.SILU || f == Activation.SOFTPLUS || f == Activation.RELU;
        return hasKernel && enabled(x.dataType()) ? of(x.getSameDiff()) : null;
    }

    int size() {
        return byCarrier.size();
    }

    /** y = kernel(x) in the graph. */
    SDVariable apply(SDVariable x, Kernel kernel) {
        SDVariable y = x.mul(1.0);
        byCarrier.put(y.getCreator().getOwnName(), kernel);
        return y;
    }

    /**
     * y = kernel(a + b), b broadcast onto a: the kernel runs in place on the sum, with no carrier op of its own (a
     * bias before an activation, a time embedding before a GroupNorm). SameDiff's add_bp gives the gradients: a's
     * is the kernel's backward pass, b's that summed over the broadcast axes: by the kernel where it has the sums
     * (GroupNorm, for a per-sample, per-channel shift), else by {@link #reduceTo}, a second reduction after
     * add_bp's own, which summed the gradient before the kernel.
     */
    SDVariable applyToSum(SDVariable a, SDVariable b, Kernel kernel) {
        SDVariable y = a.add(b);
        byCarrier.put(y.getCreator().getOwnName(), kernel);
        return y;
    }

    /** SameDiff skips inactive listeners' per-op calls: a graph without kernels pays nothing. */
    @Override
    public boolean isActive(Operation operation) {
        return !byCarrier.isEmpty() || !products.isEmpty();
    }

    @Override
    public void opExecution(SameDiff s, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] outputs) {
        Object o = op.getOp();
        if ((o instanceof Mmul || o instanceof MmulBp) && isProduct(s, op)) {
            // Tiny products are computed here (the plan skipped the op, or the session's result is overwritten
            // with the same values a plan gives); the others ran as ND4J ops.
            INDArray[] in = inputs(ctx, op);
            SmallGemm.Form[] forms = tinyProduct(o, in);
            if (forms != null) multiply(o, forms, in, outputs);
            return;
        }
        boolean scalar = o instanceof ScalarMultiplication, sum = o instanceof AddOp, sumBackward = o instanceof AddBpOp;
        if (scalar || sum) {
            Kernel forward = byCarrier.get(op.getName());
            if (forward != null) {
                boolean training = at.operation() == Operation.TRAINING;
                if (sum && forward.fusesSum()) {
                    // The plan skipped the sum (overwrites): the kernel adds the operands itself, or ND4J does first.
                    INDArray a = input(ctx, op, 0), b = input(ctx, op, 1);
                    if (forward.forwardSum(a, b, outputs[0], training)) return;
                    Nd4j.exec(new AddOp(a, b, outputs[0]));
                }
                // A sum carrier now holds a + b: the kernel runs in place on it.
                forward.forward(sum ? outputs[0] : input(ctx, op, 0), outputs[0], training);
                return;
            }
        }
        // Backward carriers: dx = dy·1 and add_bp(a, b, dy), in SameDiff's gradient function (a separate instance).
        if (s == sd || !(scalar || sumBackward)) return;
        resolveFor(s);
        int gradAt = sumBackward ? 2 : 0;
        List<String> inputs = op.getInputsToOp();
        Kernel backward = inputs == null || inputs.size() <= gradAt ? null : byGradient.get(inputs.get(gradAt));
        if (backward == null) return;
        INDArray gradOut = input(ctx, op, gradAt);
        if (!Arrays.equals(gradOut.shape(), outputs[0].shape())) {
            throw new IllegalStateException("kernel on the sum " + op.getName() + ": its first operand must have the sum's shape "
                    + Arrays.toString(gradOut.shape()) + ", got " + Arrays.toString(outputs[0].shape()));
        }
        backward.backward(gradOut, outputs[0]);
        if (sumBackward && !backward.sumGradientInto(outputs[1])) outputs[1].assign(reduceTo(outputs[0], outputs[1].shape()));
        ranBackward.add(backward);
    }

    /**
     * Whether {@link #opExecution} writes every output of {@code op} in graph {@code s} itself, so that the op need not
     * run first ({@link OpPlan} skips it): a scalar carrier, forward or backward, the sum of a kernel that adds its
     * operands itself ({@link Kernel#fusesSum}), and the add_bp of a kernel on a sum. Not the sum of a kernel that
     * runs in place on it (GroupNorm).
     */
    boolean overwrites(SameDiff s, SameDiffOp op) {
        Object o = op.getOp();
        if (o instanceof Mmul || o instanceof MmulBp) return isProduct(s, op);
        boolean scalar = o instanceof ScalarMultiplication, sumBackward = o instanceof AddBpOp;
        if (scalar && byCarrier.containsKey(op.getName())) return true;
        if (o instanceof AddOp) {
            Kernel k = byCarrier.get(op.getName());
            return k != null && k.fusesSum();
        }
        if (s == sd || !(scalar || sumBackward)) return false;
        resolveFor(s);
        int gradAt = sumBackward ? 2 : 0;
        List<String> inputs = op.getInputsToOp();
        return inputs != null && inputs.size() > gradAt && byGradient.containsKey(inputs.get(gradAt));
    }

    /**
     * For an op that {@link #overwrites}, whether this call with these inputs leaves it to the kernels: always, except
     * for a matrix product whose sizes are not tiny ({@link SmallGemm#form}), which runs as an ND4J op.
     */
    boolean overwritesNow(SameDiffOp op, INDArray[] in) {
        Object o = op.getOp();
        return !(o instanceof Mmul || o instanceof MmulBp) || tinyProduct(o, in) != null;
    }

    /** A matmul that {@link #matmul} made, or (in the gradient function) the matmul_bp of one. */
    private boolean isProduct(SameDiff s, SameDiffOp op) {
        if (products.isEmpty()) return false;
        if (op.getOp() instanceof Mmul) return products.contains(op.getName());
        if (s == sd) return false;
        resolveFor(s);
        List<String> inputs = op.getInputsToOp();
        return inputs != null && inputs.size() == 3 && productGradients.contains(inputs.get(2));
    }

    /**
     * The loop forms of a tiny matmul (one) or matmul_bp (two: the first and second input's gradients) for these
     * inputs, or null when a product is not tiny, or an input is not a dense C-order rank-2 float32 array, or the op
     * scales or transposes its result. It depends on the inputs alone, so that a plan's choice to skip the op and the
     * kernel's choice to compute it agree (outputs of another layout are written through a dense copy).
     */
    private static SmallGemm.Form[] tinyProduct(Object op, INDArray[] in) {
        DynamicCustomOp c = (DynamicCustomOp) op;
        long[] ia = c.iArgs();
        double[] ta = c.tArgs();
        boolean backward = op instanceof MmulBp;
        if (in.length != (backward ? 3 : 2) || (ia.length > 2 && ia[2] != 0)
                || (!backward && ta.length >= 2 && (ta[0] != 1.0 || ta[1] != 0.0))) {
            return null;
        }
        for (INDArray a : in) if (!plainMatrix(a)) return null;
        boolean tA = ia.length > 0 && ia[0] != 0, tB = ia.length > 1 && ia[1] != 0;
        INDArray x = in[0], y = in[1];
        long m = x.size(tA ? 1 : 0), k = x.size(tA ? 0 : 1), n = y.size(tB ? 0 : 1);
        if (y.size(tB ? 1 : 0) != k) return null;
        if (!backward) {
            SmallGemm.Form f = SmallGemm.form(m, k, n, tA, tB);
            return f == null ? null : new SmallGemm.Form[]{f};
        }
        SmallGemm.Form[] forms = new SmallGemm.Form[2];
        for (int wrt = 0; wrt < 2; wrt++) {
            ProductGradient g = ProductGradient.of(wrt, tA, tB);
            forms[wrt] = SmallGemm.form(g.m(in), g.k(in), g.n(in), g.transposeA(), g.transposeB());
            if (forms[wrt] == null) return null;
        }
        return forms;
    }

    private static boolean plainMatrix(INDArray a) {
        return a.rank() == 2 && a.dataType() == DataType.FLOAT && a.ordering() == 'c' && HostArrays.dense(a);
    }

    /** The product, or both gradients of it, by the forms {@link #tinyProduct} chose, into {@code out}. */
    private static void multiply(Object op, SmallGemm.Form[] forms, INDArray[] in, INDArray[] out) {
        long[] ia = ((DynamicCustomOp) op).iArgs();
        boolean tA = ia.length > 0 && ia[0] != 0, tB = ia.length > 1 && ia[1] != 0;
        INDArray x = in[0], y = in[1];
        int m = (int) x.size(tA ? 1 : 0), k = (int) x.size(tA ? 0 : 1), n = (int) y.size(tB ? 0 : 1);
        ByteBuffer xb = bytes(x), yb = bytes(y);
        INDArray c0 = denseTarget(out[0]);
        if (!(op instanceof MmulBp)) {
            SmallGemm.multiply(forms[0], xb, yb, bytes(c0), m, k, n, tA, tB);
            finish(c0, out[0]);
            return;
        }
        ByteBuffer[] operands = {xb, yb, bytes(in[2])};
        INDArray c1 = denseTarget(out[1]);
        for (int wrt = 0; wrt < 2; wrt++) {
            ProductGradient g = ProductGradient.of(wrt, tA, tB);
            SmallGemm.multiply(forms[wrt], operands[g.a()], operands[g.b()], bytes(wrt == 0 ? c0 : c1),
                    (int) g.m(in), (int) g.k(in), (int) g.n(in), g.transposeA(), g.transposeB());
        }
        finish(c0, out[0]);
        finish(c1, out[1]);
    }

    private static INDArray[] inputs(OpContext ctx, SameDiffOp op) {
        int n = ctx == null ? 0 : ctx.numInputArguments();
        INDArray[] in = new INDArray[n];
        for (int i = 0; i < n; i++) in[i] = input(ctx, op, i);
        return in;
    }

    /** The gradient of a broadcast operand: {@code grad} summed over the axes that operand was broadcast along. */
    static INDArray reduceTo(INDArray grad, long[] shape) {
        long[] g = grad.shape();
        if (Arrays.equals(g, shape)) return grad;
        int lead = g.length - shape.length;
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < g.length; i++) if (i < lead || (shape[i - lead] == 1 && g[i] != 1)) axes.add(i);
        return grad.sum(axes.stream().mapToInt(Integer::intValue).toArray()).reshape(shape);
    }

    private static INDArray input(OpContext ctx, SameDiffOp op, int i) {
        if (ctx == null || ctx.numInputArguments() <= i) {
            throw new IllegalStateException("SameDiff ran carrier op " + op.getName() + " without its input " + i + " in the op context");
        }
        return ctx.getInputArray(i);
    }

    /** The gradient of each carrier's output, in the gradient function {@code gradFn}, is its backward op's input. */
    /** The gradient variable of op {@code opName}'s (first) output, or null. */
    private SDVariable outputGradient(String opName) {
        return sd.getVariable(sd.getOps().get(opName).getOutputsOfOp().get(0)).getGradient();
    }

    /** {@link #resolve} unless done for this gradient function and these kernels already. */
    private void resolveFor(SameDiff gradFn) {
        if (resolvedFor != gradFn || resolvedCount != byCarrier.size() + products.size()) resolve(gradFn);
    }

    private void resolve(SameDiff gradFn) {
        byGradient.clear();
        for (Map.Entry<String, Kernel> e : byCarrier.entrySet()) {
            SDVariable grad = outputGradient(e.getKey());
            if (grad != null) byGradient.put(grad.name(), e.getValue());
        }
        productGradients.clear();
        for (String p : products) {
            SDVariable grad = outputGradient(p);
            if (grad != null) productGradients.add(grad.name());
        }
        resolvedFor = gradFn;
        resolvedCount = byCarrier.size() + products.size();
    }

    /** Forgets which kernels ran backward; call before a gradient computation. */
    void beginGradients() {
        ranBackward.clear();
    }

    /** Adds the gradients of the requested parameters that the kernels computed since {@link #beginGradients}. */
    void addParameterGradients(Collection<String> requested, Map<String, INDArray> gradients) {
        for (Kernel k : ranBackward) {
            for (Map.Entry<String, INDArray> e : k.parameterGradients().entrySet()) {
                if (!requested.contains(e.getKey())) continue;
                if (gradients.putIfAbsent(e.getKey(), e.getValue()) != null) {
                    throw new IllegalStateException("parameter '" + e.getKey() + "' has a gradient from SameDiff and from a Java "
                            + "kernel; a kernel's parameters must be inputs of no graph op");
                }
            }
        }
    }

    /** {@code a} itself when it is a dense c-order float32 array, else a dense copy (read its buffer from index 0). */
    static INDArray denseSource(INDArray a) {
        return isDense(a) ? a : a.dup('c');
    }

    /** {@code a} itself when its buffer can be written in c order from index 0, else a new array to {@link #finish} into it. */
    static INDArray denseTarget(INDArray a) {
        return isDense(a) ? a : Nd4j.createUninitialized(DataType.FLOAT, a.shape(), 'c');
    }

    /** Copies {@code target} into {@code a} when {@link #denseTarget} had to stand in for it. */
    static void finish(INDArray target, INDArray a) {
        if (target != a) a.assign(target);
    }

    /** The buffer of a dense float32 array ({@link #denseSource}, {@link #denseTarget}) in native byte order, for kernels. */
    static ByteBuffer bytes(INDArray dense) {
        return dense.data().asNio().duplicate().order(ByteOrder.nativeOrder());
    }

    private static boolean isDense(INDArray a) {
        return a.ordering() == 'c' && HostArrays.dense(a);
    }
}
