package org.genlab.common.data;

import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-batch pixel transforms. The random ones draw from a Java {@link Rng} (never the backend's generator), so they
 * are reproducible and checkpointable. Each returns a new array of the input's type; the input is not changed.
 */
public final class Transforms {
    private Transforms() {
    }

    /** Dynamic binarisation: each pixel becomes 1 with probability x, i.e. x' = [x > u], u ~ U(0, 1). */
    public static INDArray binarize(INDArray x, Rng rng) {
        INDArray u = rng.uniform(x.dataType(), 0, 1, x.shape());
        return x.gt(u).castTo(x.dataType());
    }

    /**
     * Uniform dequantisation of [0, 1] images with 256 levels (MATH.md §4.6): x' = (255·x + u) / 256, u ~ U[0, 1),
     * so level k maps uniformly onto [k/256, (k+1)/256).
     */
    public static INDArray dequantize(INDArray x, Rng rng) {
        INDArray u = rng.uniform(x.dataType(), 0, 1, x.shape());
        return x.mul(255.0).addi(u).divi(256.0);
    }

    /** [0, 1] → [−1, 1]: 2x − 1 (the VP/sub-VP data range, MATH.md §4.7). */
    public static INDArray toSymmetric(INDArray x) {
        return x.mul(2.0).subi(1.0);
    }

    /** [−1, 1] → [0, 1]: (x + 1) / 2. */
    public static INDArray fromSymmetric(INDArray x) {
        return x.add(1.0).divi(2.0);
    }
}
