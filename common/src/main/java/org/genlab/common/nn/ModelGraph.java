package org.genlab.common.nn;

import org.genlab.common.random.Rng;
import org.genlab.common.state.StateBundle;
import org.genlab.common.state.Stateful;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SameDiff graph plus the bookkeeping SameDiff lacks: which variables are trainable parameters, which are
 * non-trainable buffers (batch-norm running statistics, spectral-norm u vectors), how buffers are updated after a
 * training step, and the 0/1 "training" placeholder that switches batch statistics on.
 */
public final class ModelGraph implements Stateful {
    /** Name of the scalar placeholder that is 1 while training and 0 at evaluation. */
    public static final String TRAINING = "training";

    private final SameDiff sd;
    private final DataType dtype;
    private final Rng initRng;
    private final Map<String, SDVariable> params = new LinkedHashMap<>();
    private final Map<String, SDVariable> buffers = new LinkedHashMap<>();
    private final List<BufferUpdate> bufferUpdates = new ArrayList<>();
    private SDVariable training;
    private JavaKernels kernels;

    /**
     * An exponential running-average update applied after each training step:
     * buffer ← momentum·buffer + (1 − momentum)·value(stat), where stat is a graph output computed in that step.
     */
    public record BufferUpdate(String buffer, String stat, double momentum) {
    }

    public ModelGraph(DataType dtype, Rng initRng) {
        SubgraphCachingSession.install();
        this.sd = SameDiff.create();
        this.dtype = dtype;
        this.initRng = initRng;
        if (JavaKernels.enabled(dtype)) kernels();   // registered up front so that Activation finds them
    }

    public SameDiff sd() {
        return sd;
    }

    public DataType dtype() {
        return dtype;
    }

    Rng initRng() {
        return initRng;
    }

    public Scope scope(String name) {
        return new Scope(this, name);
    }

    SDVariable addParam(String name, INDArray value) {
        if (sd.hasVariable(name)) throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
        SDVariable v = sd.var(name, value);
        params.put(name, v);
        return v;
    }

    SDVariable addBuffer(String name, INDArray value) {
        if (sd.hasVariable(name)) throw new IllegalArgumentException("duplicate buffer name '" + name + "'");
        SDVariable v = sd.var(name, value);
        buffers.put(name, v);
        return v;
    }

    void addBufferUpdate(BufferUpdate u) {
        bufferUpdates.add(u);
    }

    /** The Java kernels of this graph (a SameDiff listener); created on first use. */
    JavaKernels kernels() {
        if (kernels == null) {
            kernels = new JavaKernels(sd);
            sd.addListeners(kernels);
        }
        return kernels;
    }

    /** How many Java kernels the graph runs (tests and the profile read it). */
    public int kernelCount() {
        return kernels == null ? 0 : kernels.size();
    }

    /**
     * SameDiff's {@code calculateGradientsAndOutputs}, plus the gradients of parameters that only Java kernels read
     * ({@link JavaKernels}). Every gradient computation over parameters goes through here.
     */
    public OutAndGrad gradientsAndOutputs(Map<String, INDArray> feeds, Collection<String> outputs, Collection<String> wrt) {
        if (kernels == null) return sd.calculateGradientsAndOutputs(feeds, outputs, wrt);
        kernels.beginGradients();
        OutAndGrad r = sd.calculateGradientsAndOutputs(feeds, outputs, wrt);
        kernels.addParameterGradients(wrt, r.getGradients());
        return r;
    }

    /** The scalar 0/1 placeholder; created on first use. {@link #feeds} always supplies it when it exists. */
    public SDVariable training() {
        if (training == null) training = sd.placeHolder(TRAINING, dtype);
        return training;
    }

    public boolean hasTrainingFlag() {
        return training != null;
    }

    /** Adds the training flag to a placeholder map (a copy) when the graph has one. */
    public Map<String, INDArray> feeds(Map<String, INDArray> placeholders, boolean train) {
        Map<String, INDArray> m = new HashMap<>(placeholders);
        if (training != null) m.put(TRAINING, Nd4j.scalar(dtype, train ? 1.0 : 0.0));
        return m;
    }

    /** Names of the trainable parameters, in creation order. */
    public List<String> paramNames() {
        return List.copyOf(params.keySet());
    }

    /** Parameter names under a scope prefix, e.g. "critic" (for two-player training). */
    public List<String> paramNames(String scopePrefix) {
        List<String> out = new ArrayList<>();
        for (String n : params.keySet()) if (n.equals(scopePrefix) || n.startsWith(scopePrefix + "/")) out.add(n);
        return out;
    }

    public List<String> bufferNames() {
        return List.copyOf(buffers.keySet());
    }

    public List<BufferUpdate> bufferUpdates() {
        return Collections.unmodifiableList(bufferUpdates);
    }

    /** Graph outputs that a training step must compute so that {@link #applyBufferUpdates} can run. */
    public List<String> bufferStatNames() {
        List<String> out = new ArrayList<>();
        for (BufferUpdate u : bufferUpdates) out.add(u.stat());
        return out;
    }

    public void applyBufferUpdates(Map<String, INDArray> outputs) {
        for (BufferUpdate u : bufferUpdates) {
            INDArray stat = outputs.get(u.stat());
            if (stat == null) throw new IllegalStateException("training step did not compute '" + u.stat() + "'");
            INDArray buf = sd.getArrForVarName(u.buffer());
            buf.muli(u.momentum()).addi(stat.castTo(buf.dataType()).mul(1.0 - u.momentum()));
        }
    }

    /** The live array of a parameter or buffer (updated in place by optimisers). */
    public INDArray array(String name) {
        INDArray a = sd.getArrForVarName(name);
        if (a == null) throw new IllegalArgumentException("no variable '" + name + "' in the graph");
        return a;
    }

    public Map<String, INDArray> paramArrays() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (String n : params.keySet()) m.put(n, array(n));
        return m;
    }

    public long parameterCount() {
        long n = 0;
        for (String p : params.keySet()) n += array(p).length();
        return n;
    }

    @Override
    public void writeState(StateBundle out) {
        for (String n : params.keySet()) out.putArray("param/" + n, array(n));
        for (String n : buffers.keySet()) out.putArray("buffer/" + n, array(n));
    }

    @Override
    public void readState(StateBundle in) {
        for (String n : params.keySet()) assign(n, in.getArray("param/" + n));
        for (String n : buffers.keySet()) assign(n, in.getArray("buffer/" + n));
    }

    private void assign(String name, INDArray src) {
        INDArray dst = array(name);
        if (!java.util.Arrays.equals(dst.shape(), src.shape())) {
            throw new IllegalStateException("checkpoint array '" + name + "' has shape " + java.util.Arrays.toString(src.shape())
                    + " but the model expects " + java.util.Arrays.toString(dst.shape())
                    + " (the checkpoint was written with a different config)");
        }
        dst.assign(src);
    }
}
