package org.genlab.diffusion.sde;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of a discretised SDE, x_{i+1} = x_i + f_i + G_i z (MATH.md §4.1, "Discretisations"): {@code f} has
 * the shape of x (the drift already multiplied by the step), {@code g} is the per-sample noise scale G_i, shape [n].
 */
public record Discretization(INDArray f, INDArray g) {
}
