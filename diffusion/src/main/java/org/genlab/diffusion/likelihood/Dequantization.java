package org.genlab.diffusion.likelihood;

import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Uniform dequantisation of 8-bit data stored in [0, 1] as k/255 (MATH.md §4.6): x ← (255x + u)/256 with
 * u ~ U[0, 1), so each pixel level owns an interval of width 1/256 and the continuous density bounds the discrete
 * likelihood. Map to [−1, 1] afterwards with {@link #toSymmetric} when the model was trained on centred data.
 */
public final class Dequantization {
    private Dequantization() {
    }

    public static INDArray uniform(INDArray x01, Rng rng) {
        INDArray u = rng.uniform(x01.dataType(), 0.0, 1.0, x01.shape());
        return x01.mul(255.0).addi(u).divi(256.0);
    }

    /** [0, 1] → [−1, 1]. */
    public static INDArray toSymmetric(INDArray x01) {
        return x01.mul(2.0).subi(1.0);
    }
}
