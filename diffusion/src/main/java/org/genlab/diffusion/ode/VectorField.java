package org.genlab.diffusion.ode;

import org.nd4j.linalg.api.ndarray.INDArray;

/** dx/dt = F(x, t) on a batch x [n, dims...]; t is one time for the whole batch. */
@FunctionalInterface
public interface VectorField {
    INDArray apply(INDArray x, double t);
}
