package org.genlab.common.nn;

import org.genlab.common.backend.ArrayReuse;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.custom.Invoke;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Enter;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Exit;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.LoopCond;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Merge;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.NextIteration;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Switch;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.api.ops.impl.reduce.MmulBp;
import org.nd4j.linalg.api.ops.impl.shape.CreateView;
import org.nd4j.linalg.api.ops.impl.shape.tensorops.BaseTensorOp;
import org.nd4j.linalg.api.ops.impl.transforms.Assert;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.GradientBackwardsMarker;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One output request on one SameDiff graph, replayed from a fixed op sequence. SameDiff's session redoes, on every
 * call, work whose answer only changes with the graph or the input shapes: it tracks every op's dependencies, looks
 * each variable up by name (building a map of all variables per requested output), asks libnd4j for every output's
 * shape, allocates every output array and tracks when to release it. For the small networks of a sampler (18 ops per
 * evaluation) and an MLP VAE step (73 ops) that bookkeeping cost as much as the arithmetic (docs/benchmarks.md).
 *
 * <p>Here the ops the request needs are listed once, in an order in which each op's inputs exist, with one op
 * context each. A call sets each context's inputs, runs the op and hands its outputs to the graph's listeners (the
 * Java kernels among them), as the session does; a carrier op whose outputs a Java kernel writes in full is not run. Intermediate arrays are kept and reused while the inputs' shapes
 * (and the values of small integer inputs, such as a reshape's target shape) stay the same. Requested outputs come
 * from the session's memory manager, as in SameDiff, so callers may keep them.
 *
 * <p>Graphs with control flow, tensor lists, control dependencies or ops the session treats specially (views,
 * assignments, assertions, external gradients) get no plan: {@link #of} returns null and SameDiff runs them.
 */
final class OpPlan {
    /** System property ({@link ArrayReuse}): "off" runs every request through SameDiff's session; "poison" is for tests. */
    static final String PROPERTY = "genlab.opPlans";

    /** Whether requests get plans: "on" (the default) or "poison", where every reused intermediate is poisoned first. */
    static boolean enabled() {
        return ArrayReuse.fromProperty(PROPERTY) != ArrayReuse.OFF;
    }

    private final ArrayReuse arrayReuse = ArrayReuse.fromProperty(PROPERTY);
    /** Ops not run because a Java kernel wrote their outputs (tests). */
    private long skipped;
    /** matmul_bp ops that computed one gradient only (tests). */
    private long oneSided;
    /** Where an op input comes from: a graph array (variable or constant), a placeholder, or an earlier op's output. */
    private record Source(String name, int kind, int slot) {
        static final int ARRAY = 0, PLACEHOLDER = 1, SLOT = 2;
    }

    private static final class Step {
        final SameDiffOp op;
        final DifferentialFunction fn;
        final Source[] inputs;
        final int[] outSlots;
        final boolean[] requested;
        final DataType[] outTypes;
        final boolean identity;
        final OpContext ctx;
        /** What {@link #shapes} were computed for: input dtypes, shapes and small integer values. */
        long[] key;
        LongShapeDescriptor[] shapes;
        /** The outputs that stay in the plan (not requested), reused while the key holds. */
        INDArray[] kept;
        /** For a matmul_bp: the index of the output nothing reads (neither a later op nor the caller), else −1. */
        int deadProductGradient = -1;
        /** Whether the listeners were asked if one computes this op's outputs itself, and which one does. */
        boolean askedKernels;
        JavaKernels overwrittenBy;

        Step(SameDiffOp op, Source[] inputs, int[] outSlots, boolean[] requested, DataType[] outTypes) {
            this.op = op;
            this.fn = op.getOp();
            this.inputs = inputs;
            this.outSlots = outSlots;
            this.requested = requested;
            this.outTypes = outTypes;
            this.identity = fn instanceof Identity;
            this.ctx = identity ? null : Nd4j.getExecutioner().buildContext();
        }
    }

    /** Integer inputs up to this length enter an op's reuse key by value (shapes, axes). */
    private static final int VALUE_KEY_MAX = 16;

    private final SameDiff sd;
    private final List<Step> steps;
    private final List<String> outputs;
    /** Slot of each requested output, or −1 for a graph array or placeholder returned as is. */
    private final int[] outputSlots;
    private final int slotCount;

    private OpPlan(SameDiff sd, List<Step> steps, List<String> outputs, int[] outputSlots, int slotCount) {
        this.sd = sd;
        this.steps = steps;
        this.outputs = outputs;
        this.outputSlots = outputSlots;
        this.slotCount = slotCount;
    }

    /** The plan for {@code outputs} of {@code sd} given placeholders {@code fed}, or null when SameDiff must run it. */
    static OpPlan of(SameDiff sd, List<String> outputs, Set<String> fed) {
        Map<String, SameDiffOp> ops = sd.getOps();
        Map<String, Variable> vars = sd.getVariables();
        // The ops the outputs need, found backwards from them.
        Set<String> needed = new HashSet<>();
        List<String> stack = new ArrayList<>(outputs);
        while (!stack.isEmpty()) {
            String name = stack.remove(stack.size() - 1);
            Variable v = vars.get(name);
            if (v == null || v.getControlDeps() != null && !v.getControlDeps().isEmpty()) return null;
            SDVariable sv = v.getVariable();
            VariableType type = sv.getVariableType();
            if (type == VariableType.PLACEHOLDER) {
                if (!fed.contains(name)) return null;   // SameDiff reports the missing placeholder
                continue;
            }
            if (type != VariableType.ARRAY) continue;
            String producer = v.getOutputOfOp();
            if (producer == null || !needed.add(producer)) continue;
            SameDiffOp op = ops.get(producer);
            if (!supported(op)) return null;
            if (op.getInputsToOp() != null) stack.addAll(op.getInputsToOp());
        }
        // Creation order, checked to be an execution order.
        Map<String, Integer> slots = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        Set<String> requested = new HashSet<>(outputs);
        for (Map.Entry<String, SameDiffOp> e : ops.entrySet()) {
            if (!needed.contains(e.getKey())) continue;
            SameDiffOp op = e.getValue();
            List<String> ins = op.getInputsToOp() == null ? List.of() : op.getInputsToOp();
            Source[] sources = new Source[ins.size()];
            for (int i = 0; i < sources.length; i++) {
                String in = ins.get(i);
                VariableType type = sd.getVariable(in).getVariableType();
                if (type == VariableType.ARRAY) {
                    Integer slot = slots.get(in);
                    if (slot == null) return null;   // not produced yet: creation order is not an execution order
                    sources[i] = new Source(in, Source.SLOT, slot);
                } else {
                    sources[i] = new Source(in, type == VariableType.PLACEHOLDER ? Source.PLACEHOLDER : Source.ARRAY, -1);
                }
            }
            List<String> outs = op.getOutputsOfOp();
            int[] outSlots = new int[outs.size()];
            boolean[] req = new boolean[outs.size()];
            DataType[] types = new DataType[outs.size()];
            for (int i = 0; i < outSlots.length; i++) {
                outSlots[i] = slots.size();
                slots.put(outs.get(i), outSlots[i]);
                req[i] = requested.contains(outs.get(i));
                types[i] = sd.getVariable(outs.get(i)).dataType();
            }
            steps.add(new Step(op, sources, outSlots, req, types));
        }
        int[] outputSlots = new int[outputs.size()];
        for (int i = 0; i < outputSlots.length; i++) outputSlots[i] = slots.getOrDefault(outputs.get(i), -1);
        markDeadProductGradients(steps);
        return new OpPlan(sd, steps, List.copyOf(outputs), outputSlots, slots.size());
    }

    /** Marks the matmul_bp steps with exactly one output that no later step reads and the caller did not request. */
    private static void markDeadProductGradients(List<Step> steps) {
        Set<Integer> read = new HashSet<>();
        for (Step s : steps) for (Source src : s.inputs) if (src.kind() == Source.SLOT) read.add(src.slot());
        for (Step s : steps) {
            if (!(s.fn instanceof MmulBp) || s.outSlots.length != 2) continue;
            boolean dead0 = !s.requested[0] && !read.contains(s.outSlots[0]);
            boolean dead1 = !s.requested[1] && !read.contains(s.outSlots[1]);
            if (dead0 != dead1) s.deadProductGradient = dead0 ? 0 : 1;
        }
    }

    /**
     * Ops the session runs in the ordinary way. It special-cases the ones below (InferenceSession.doExec); a plan
     * leaves them, with control dependencies, to the session.
     */
    private static boolean supported(SameDiffOp op) {
        if (op == null || op.getOp() == null) return false;
        if (op.getControlDeps() != null && !op.getControlDeps().isEmpty()) return false;
        if (op.getVarControlDeps() != null && !op.getVarControlDeps().isEmpty()) return false;
        DifferentialFunction f = op.getOp();
        if (f instanceof Identity) return true;
        if (f instanceof Switch || f instanceof Enter || f instanceof Exit || f instanceof NextIteration || f instanceof Merge
                || f instanceof LoopCond || f instanceof BaseTensorOp || f instanceof Assign || f instanceof GradientBackwardsMarker
                || f instanceof CreateView || f instanceof ExternalErrorsFunction || f instanceof Invoke || f instanceof Assert) {
            return false;
        }
        if (f instanceof DynamicCustomOp) return true;
        if (f instanceof Op) {
            // A second input of a legacy reduction or scalar op is an axis or a scalar argument, set on the op itself.
            int args = f.argNames() == null ? 0 : f.argNames().length;
            return args <= 2 && !(args == 2 && (f instanceof ReduceOp || f instanceof ScalarOp));
        }
        return false;
    }

    /** Runs the plan: the requested outputs by name, in request order. */
    Map<String, INDArray> run(Map<String, INDArray> placeholders, List<Listener> listeners, At at, SessionMemMgr mmgr) {
        INDArray[] values = new INDArray[slotCount];
        boolean[] aliases = new boolean[slotCount];   // identity outputs: another op's array, maybe one the plan reuses
        List<Listener> active = new ArrayList<>();
        if (listeners != null) for (Listener l : listeners) if (l.isActive(at.operation())) active.add(l);
        for (Step s : steps) {
            INDArray[] in = new INDArray[s.inputs.length];
            for (int i = 0; i < in.length; i++) {
                Source src = s.inputs[i];
                in[i] = switch (src.kind()) {
                    case Source.SLOT -> values[src.slot()];
                    case Source.PLACEHOLDER -> placeholders.get(src.name());
                    default -> sd.getVariable(src.name()).getArr();
                };
                if (in[i] == null) throw new IllegalStateException("op " + s.op.getName() + ": no array for input " + src.name());
            }
            if (s.identity) {
                values[s.outSlots[0]] = in[0];
                aliases[s.outSlots[0]] = true;
                continue;
            }
            INDArray[] out = execute(s, in, mmgr, active, at);
            for (int i = 0; i < out.length; i++) values[s.outSlots[i]] = out[i];
            for (Listener l : active) l.opExecution(sd, at, null, s.op, s.ctx, out);
            // As the session does: without it the native context keeps a wrapper per array set on it, and the
            // process grew by ~0.2 MB per MLP VAE step.
            s.ctx.purge();
        }
        Map<String, INDArray> result = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            String name = outputs.get(i);
            int slot = outputSlots[i];
            result.put(name, slot >= 0 ? (aliases[slot] ? values[slot].dup() : values[slot])
                    : placeholders.containsKey(name) ? placeholders.get(name) : sd.getVariable(name).getArr());
        }
        return result;
    }

    private INDArray[] execute(Step s, INDArray[] in, SessionMemMgr mmgr, List<Listener> active, At at) {
        OpContext ctx = s.ctx;
        DifferentialFunction f = s.fn;
        if (f instanceof DynamicCustomOp c) {
            ctx.setArgs(in, c.iArgs(), c.dArgs(), c.tArgs(), c.bArgs());
        } else {
            ctx.setInputArray(0, in[0]);
            if (in.length == 2) ctx.setInputArray(1, in[1]);
        }
        long[] key = key(in);
        boolean reuse = s.shapes != null && Arrays.equals(key, s.key);
        if (!reuse) {
            List<LongShapeDescriptor> shapes = f instanceof DynamicCustomOp c ? c.calculateOutputShape(ctx) : ((BaseOp) f).calculateOutputShape(ctx);
            if (shapes == null || shapes.size() != s.outSlots.length) {
                throw new IllegalStateException("op " + s.op.getName() + " (" + f.opName() + "): " + (shapes == null ? 0 : shapes.size())
                        + " output shapes for " + s.outSlots.length + " outputs");
            }
            s.shapes = new LongShapeDescriptor[shapes.size()];
            for (int i = 0; i < s.shapes.length; i++) {
                // Several output types are valid for many ops; like the session, take the variable's (deeplearning4j #6872).
                LongShapeDescriptor d = shapes.get(i);
                s.shapes[i] = d.dataType() == s.outTypes[i] ? d : d.asDataType(s.outTypes[i]);
            }
            s.kept = new INDArray[s.shapes.length];
            s.key = key;
        }
        INDArray[] out = new INDArray[s.outSlots.length];
        for (int i = 0; i < out.length; i++) {
            LongShapeDescriptor d = s.shapes[i];
            if (s.requested[i]) {
                out[i] = mmgr.allocate(true, d);   // goes to the caller: from the session's manager, as in SameDiff
            } else {
                if (s.kept[i] == null) {
                    s.kept[i] = d.isEmpty() ? Nd4j.empty(d.dataType()) : Nd4j.createUninitializedDetached(d.dataType(), d.getShape());
                } else {
                    arrayReuse.beforeReuse(s.kept[i]);
                }
                out[i] = s.kept[i];
            }
            ctx.setOutputArray(i, out[i]);
        }
        for (Listener l : active) l.preOpExecution(sd, at, s.op, ctx);
        // A Java kernel that overwrites all of this op's outputs (a carrier, JavaKernels) makes running it first
        // wasted work: a pass over memory, or for add_bp a copy and a reduction.
        if (!s.askedKernels) {
            for (Listener l : active) if (l instanceof JavaKernels k && k.overwrites(sd, s.op)) s.overwrittenBy = k;
            s.askedKernels = true;
        }
        if (s.overwrittenBy != null && active.contains(s.overwrittenBy) && s.overwrittenBy.overwritesNow(s.op, in)) {
            skipped++;
            return out;
        }
        if (s.deadProductGradient >= 0 && oneSidedProductGradient(s, in, out)) {
            oneSided++;
            return out;
        }
        if (f instanceof CustomOp c) Nd4j.exec(c, ctx);
        else Nd4j.exec((Op) f, ctx);
        return out;
    }

    /**
     * A matmul_bp one of whose two gradients nothing reads (that of a placeholder, such as a data batch entering the
     * first layer): the other alone, as one matrix product. PyTorch does not compute an input gradient nobody
     * asked for either; for mlp-adam's first layer that product was 51 MFLOP of a step's ~300. False when the
     * operands are not plain matrices (the op then runs).
     */
    private static boolean oneSidedProductGradient(Step s, INDArray[] in, INDArray[] out) {
        long[] ia = ((DynamicCustomOp) s.fn).iArgs();
        if (in.length != 3 || (ia.length > 2 && ia[2] != 0)) return false;
        INDArray target = out[1 - s.deadProductGradient];
        for (INDArray a : in) if (!plainMatrix(a)) return false;
        if (!plainMatrix(target)) return false;
        boolean tA = ia.length > 0 && ia[0] != 0, tB = ia.length > 1 && ia[1] != 0;
        ProductGradient g = ProductGradient.of(1 - s.deadProductGradient, tA, tB);
        Nd4j.gemm(in[g.a()], in[g.b()], target, g.transposeA(), g.transposeB(), 1.0, 0.0);
        return true;
    }

    private static boolean plainMatrix(INDArray a) {
        return a.rank() == 2 && a.ordering() == 'c' && a.offset() == 0 && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(a)
                && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE);
    }

    long skipped() {
        return skipped;
    }

    long oneSided() {
        return oneSided;
    }

    /** Input dtypes and shapes, and the values of small integer inputs. */
    private static long[] key(INDArray[] in) {
        int n = 0;
        for (INDArray a : in) n += 2 + a.rank() + (smallInteger(a) ? (int) a.length() : 0);
        long[] k = new long[n];
        int j = 0;
        for (INDArray a : in) {
            k[j++] = a.dataType().ordinal();
            k[j++] = a.rank();
            for (long d : a.shape()) k[j++] = d;
            if (smallInteger(a)) for (long i = 0; i < a.length(); i++) k[j++] = a.getLong(i);
        }
        return k;
    }

    private static boolean smallInteger(INDArray a) {
        return a.dataType().isIntType() && a.length() <= VALUE_KEY_MAX && !a.isEmpty();
    }
}
