package org.genlab.common.train;

import org.genlab.common.backend.ArrayReuse;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reuses the arrays of one training step in the next. In training, SameDiff's session asks its memory manager for
 * every op output and hands almost none back: a GroupNorm forward and backward on [64, 32, 28, 28] allocated
 * 96 arrays (193 MB) per call and released 2, so its array cache stayed empty. Every step allocated fresh native
 * memory, which libnd4j zero-fills and the kernel faults in. On the deep U-Net step, JFR put 37 % of the main
 * thread's native time in that allocation.
 *
 * <p>This manager is installed on the gradient session for the duration of one gradient computation
 * ({@link #during}). The arrays it handed out in the previous computation become free at the start of the next one,
 * by dtype, order and shape. The caller must therefore not keep the outputs or gradients of a step past the next
 * step; {@link GradientStep} uses them before it returns. Other gradient computations on the same graph keep
 * SameDiff's own manager.
 *
 * <p>Ops must not read an output before writing it. SameDiff's own cache makes the same assumption, but it rarely
 * hits in training, so a fault there could stay hidden. {@link ArrayReuse#POISON} first fills every reused array with NaN
 * (a large integer, or true), and the test suite runs in that mode (pom.xml), so every training test checks it.
 * The system property {@code genlab.stepArrays} selects the mode: {@code on} (the default), {@code off} or
 * {@code poison}.
 */
public final class StepArrays implements SessionMemMgr {
    /** SameDiff's name for the gradient function (SameDiff.GRAD_FN_KEY, which is not public). */
    private static final String GRAD_FN = "grad";

    private final ArrayReuse mode;
    private final Map<String, ArrayDeque<INDArray>> free = new HashMap<>();
    private final List<INDArray> inUse = new ArrayList<>();
    private long fresh, reused;

    private StepArrays(ArrayReuse mode) {
        this.mode = mode;
    }

    /** The manager the {@code genlab.stepArrays} property asks for; null when it is {@code off}. */
    public static StepArrays fromSystemProperty() {
        ArrayReuse m = ArrayReuse.fromProperty("genlab.stepArrays");
        return m == ArrayReuse.OFF ? null : new StepArrays(m);
    }

    /**
     * Runs one gradient computation of {@code sd} with this manager on its gradient session. Before the first
     * gradient computation there is no session yet, so that one runs on SameDiff's manager.
     */
    public <T> T during(SameDiff sd, Supplier<T> gradientComputation) {
        SameDiff grad = sd.getFunction(GRAD_FN);
        InferenceSession session = grad == null ? null : grad.getSessions().get(Thread.currentThread().getId());
        if (session == null) return gradientComputation.get();
        SessionMemMgr previous = session.getMmgr();
        nextStep();
        session.setMmgr(this);
        try {
            return gradientComputation.get();
        } finally {
            session.setMmgr(previous);
        }
    }

    private void nextStep() {
        for (INDArray a : inUse) free.computeIfAbsent(key(a.dataType(), a.ordering(), a.shape()), k -> new ArrayDeque<>()).add(a);
        inUse.clear();
    }

    private static String key(DataType dt, char order, long[] shape) {
        StringBuilder b = new StringBuilder().append(dt).append(order);
        for (long d : shape) b.append(',').append(d);
        return b.toString();
    }

    private INDArray take(DataType dt, char order, long[] shape) {
        ArrayDeque<INDArray> q = free.get(key(dt, order, shape));
        INDArray a;
        if (q != null && !q.isEmpty()) {
            a = q.poll();
            reused++;
            mode.beforeReuse(a);
        } else {
            a = Nd4j.createUninitializedDetached(dt, order, shape);
            fresh++;
        }
        inUse.add(a);
        return a;
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return take(dataType, 'c', shape);
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        return take(descriptor.dataType(), descriptor.getOrder(), descriptor.getShape());
    }

    @Override
    public INDArray ulike(INDArray arr) {
        return take(arr.dataType(), arr.ordering(), arr.shape());
    }

    @Override
    public INDArray dup(INDArray arr) {
        return ulike(arr).assign(arr);
    }

    /** The session is done with {@code arr}; it stays in use until the next step, when every array of this one frees. */
    @Override
    public void release(INDArray arr) {
    }

    @Override
    public void close() {
    }

    /** Arrays created, and arrays handed out again, since this manager was made. */
    long fresh() {
        return fresh;
    }

    long reused() {
        return reused;
    }
}
