package org.genlab.common.nn;

import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Weight initialisers. Draws come from the model's "init" stream, so a seed fixes every initial weight. */
@FunctionalInterface
public interface Init {
    INDArray create(Rng rng, DataType dtype, long[] shape, long fanIn, long fanOut);

    static Init zeros() {
        return (rng, dt, shape, fi, fo) -> Nd4j.zeros(dt, shape);
    }

    static Init constant(double v) {
        return (rng, dt, shape, fi, fo) -> Nd4j.zeros(dt, shape).addi(v);
    }

    static Init normal(double std) {
        return (rng, dt, shape, fi, fo) -> rng.gaussian(dt, shape).muli(std);
    }

    static Init uniform(double a) {
        return (rng, dt, shape, fi, fo) -> rng.uniform(dt, -a, a, shape);
    }

    /** He/Kaiming normal, std = sqrt(2 / fanIn): ReLU networks. */
    static Init heNormal() {
        return (rng, dt, shape, fi, fo) -> rng.gaussian(dt, shape).muli(Math.sqrt(2.0 / fi));
    }

    /** Glorot/Xavier uniform, a = sqrt(6 / (fanIn + fanOut)). */
    static Init xavierUniform() {
        return (rng, dt, shape, fi, fo) -> rng.uniform(dt, -Math.sqrt(6.0 / (fi + fo)), Math.sqrt(6.0 / (fi + fo)), shape);
    }

    /** PyTorch's default for Linear/Conv weights and biases: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    static Init lecunUniform() {
        return (rng, dt, shape, fi, fo) -> rng.uniform(dt, -1.0 / Math.sqrt(fi), 1.0 / Math.sqrt(fi), shape);
    }
}
