package org.genlab.diffusion.sampling;

import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Leaves x unchanged (corrector-only sampling). */
public final class NonePredictor implements Predictor {
    @Override
    public Update update(INDArray x, INDArray t, Rng rng) {
        return new Update(x, x);
    }

    @Override
    public boolean isIdentity() {
        return true;
    }
}
