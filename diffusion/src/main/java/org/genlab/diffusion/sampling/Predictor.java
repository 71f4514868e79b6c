package org.genlab.diffusion.sampling;

import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One reverse-time step from t to the next grid time (MATH.md §4.5, "Predictors"); t is a [n] vector. */
public interface Predictor {
    Update update(INDArray x, INDArray t, Rng rng);

    /** True for the "none" predictor, which leaves x as it is (the sampler then keeps the previous mean). */
    default boolean isIdentity() {
        return false;
    }
}
