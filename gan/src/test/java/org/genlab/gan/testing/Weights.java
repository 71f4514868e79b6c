package org.genlab.gan.testing;

import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test helpers for parameter arrays. */
public final class Weights {
    private Weights() {
    }

    /** Overwrites every parameter under {@code prefix} with N(0, std²) draws (biases included, so none is zero). */
    public static void randomise(ModelGraph g, String prefix, double std, long seed) {
        Rng r = new Rng(seed);
        for (String n : g.paramNames(prefix)) {
            INDArray a = g.array(n);
            a.assign(r.gaussian(a.dataType(), a.shape()).muli(std));
        }
    }

    /** Total number of parameter elements under {@code prefix}. */
    public static long count(ModelGraph g, String prefix) {
        long s = 0;
        for (String n : g.paramNames(prefix)) s += g.array(n).length();
        return s;
    }
}
