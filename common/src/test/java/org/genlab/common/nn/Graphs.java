package org.genlab.common.nn;

import org.genlab.common.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/** Small helpers shared by the block tests: DOUBLE graphs, fixed inputs, one-off evaluation. */
final class Graphs {
    private Graphs() {
    }

    static ModelGraph doubleGraph(long seed) {
        return new ModelGraph(DataType.DOUBLE, new Rng(seed));
    }

    /** A non-parameter variable: unlike a placeholder its input gradient is complete (see GradCheck#checkInput). */
    static SDVariable input(ModelGraph g, String name, INDArray value) {
        return g.sd().var(name, value);
    }

    static INDArray eval(ModelGraph g, SDVariable v, Map<String, INDArray> feeds, boolean train) {
        return g.sd().output(g.feeds(feeds, train), v.name()).get(v.name());
    }

    static INDArray eval(ModelGraph g, SDVariable v) {
        return eval(g, v, Map.of(), true);
    }
}
