package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A name prefix inside a {@link ModelGraph}: blocks create their parameters through it ("enc/fc1/W"). */
public final class Scope {
    private final ModelGraph graph;
    private final String prefix;

    Scope(ModelGraph graph, String prefix) {
        this.graph = graph;
        this.prefix = prefix;
    }

    public Scope child(String name) {
        return new Scope(graph, prefix.isEmpty() ? name : prefix + "/" + name);
    }

    public String name(String local) {
        return prefix.isEmpty() ? local : prefix + "/" + local;
    }

    public String prefix() {
        return prefix;
    }

    public ModelGraph graph() {
        return graph;
    }

    public SameDiff sd() {
        return graph.sd();
    }

    public DataType dtype() {
        return graph.dtype();
    }

    /** A trainable parameter initialised by {@code init} with the given fan-in/fan-out. */
    public SDVariable param(String local, Init init, long fanIn, long fanOut, long... shape) {
        INDArray v = init.create(graph.initRng(), graph.dtype(), shape, fanIn, fanOut);
        return graph.addParam(name(local), v);
    }

    /** A non-trainable state array (saved in checkpoints, excluded from gradients). */
    public SDVariable buffer(String local, INDArray value) {
        return graph.addBuffer(name(local), value.castTo(graph.dtype()));
    }

    /** Registers buffer ← momentum·buffer + (1−momentum)·stat after every training step. */
    public void runningAverage(SDVariable buffer, SDVariable stat, double momentum) {
        graph.addBufferUpdate(new ModelGraph.BufferUpdate(buffer.name(), stat.name(), momentum));
    }

    public SDVariable training() {
        return graph.training();
    }
}
