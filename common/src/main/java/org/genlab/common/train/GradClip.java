package org.genlab.common.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/** Global L2-norm gradient clipping (as torch.nn.utils.clip_grad_norm_ and score_sde's grad_clip). */
public final class GradClip {
    private GradClip() {
    }

    public static double globalNorm(Collection<INDArray> grads) {
        double sq = 0;
        for (INDArray g : grads) {
            double n = g.norm2Number().doubleValue();
            sq += n * n;
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
