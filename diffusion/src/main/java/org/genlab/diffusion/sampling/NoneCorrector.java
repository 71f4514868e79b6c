package org.genlab.diffusion.sampling;

import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/** No correction (predictor-only sampling). */
public final class NoneCorrector implements Corrector {
    @Override
    public Update update(INDArray x, INDArray t, Rng rng) {
        return new Update(x, x);
    }

    @Override
    public boolean isIdentity() {
        return true;
    }
}
