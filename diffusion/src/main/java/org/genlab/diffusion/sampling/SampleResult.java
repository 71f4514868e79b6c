package org.genlab.diffusion.sampling;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Samples and the number of score evaluations (NFE) it took to make them. */
public record SampleResult(INDArray samples, long nfe) {
}
