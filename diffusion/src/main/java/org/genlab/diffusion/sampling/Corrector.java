package org.genlab.diffusion.sampling;

import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/** MCMC steps at a fixed time t that move x towards p_t (MATH.md §4.5, "Corrector"); t is a [n] vector. */
public interface Corrector {
    Update update(INDArray x, INDArray t, Rng rng);

    /** True for the "none" corrector. */
    default boolean isIdentity() {
        return false;
    }
}
