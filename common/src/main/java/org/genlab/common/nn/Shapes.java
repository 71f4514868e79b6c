package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reshapes whose batch size is only known at run time. SameDiff does not infer the static shape of most op outputs
 * in M2.1, so blocks build target shapes from {@code shape(x)} instead of reading {@code x.getShape()}.
 */
final class Shapes {
    private Shapes() {
    }

    /** Reshape to {@code [n, rest...]} where n is x's (dynamic) first dimension; rest may contain one −1. */
    static SDVariable keepBatch(SameDiff sd, SDVariable x, long... rest) {
        SDVariable shape = sd.shape(x);
        SDVariable n = sd.slice(shape, new int[]{0}, new int[]{1});
        SDVariable tail = sd.constant(Nd4j.createFromArray(rest).castTo(shape.dataType()));
        return sd.reshape(x, sd.concat(0, n, tail));
    }

    /** Reshape to the shape of {@code like} with extra trailing dimensions appended. */
    static SDVariable likeWithTail(SameDiff sd, SDVariable x, SDVariable like, long... tail) {
        SDVariable shape = sd.shape(like);
        if (tail.length == 0) return sd.reshape(x, shape);
        SDVariable t = sd.constant(Nd4j.createFromArray(tail).castTo(shape.dataType()));
        return sd.reshape(x, sd.concat(0, shape, t));
    }
}
