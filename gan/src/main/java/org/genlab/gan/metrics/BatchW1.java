package org.genlab.gan.metrics;

import org.genlab.common.math.ExactW1;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact minibatch W₁ between two equal-size batches (Euclidean ground cost on flattened rows), by optimal
 * assignment ({@link ExactW1}, Hungarian from common). This is the quantity a WGAN critic's estimate
 * E D(x) − E D(x̃) is compared with during training (MATH.md §5.5, §7).
 */
public final class BatchW1 {
    private BatchW1() {
    }

    public static double exact(INDArray a, INDArray b) {
        return ExactW1.euclidean(a, b).cost();
    }

    public static double exact(double[][] a, double[][] b) {
        return ExactW1.euclidean(a, b).cost();
    }

    /** The optimal cost under c(x, y) = ‖x − y‖_q^p / p, the c-transform objective's own cost. */
    public static double exact(INDArray a, INDArray b, double q, double p) {
        return ExactW1.solve(a, b, q, p).cost();
    }
}
