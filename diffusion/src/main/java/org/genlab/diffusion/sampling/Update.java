package org.genlab.diffusion.sampling;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Result of one predictor or corrector step: the new state x and its noise-free mean (used for noise removal). */
public record Update(INDArray x, INDArray xMean) {
}
