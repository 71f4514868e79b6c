package org.genlab.diffusion.ode;

import org.nd4j.linalg.api.ndarray.INDArray;

/** End state of an ODE solve and the number of vector-field evaluations (NFE) it took. */
public record OdeSolution(INDArray x, long nfe) {
}
