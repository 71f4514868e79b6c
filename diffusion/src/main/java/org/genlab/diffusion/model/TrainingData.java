package org.genlab.diffusion.model;

import org.genlab.common.random.Rng;
import org.genlab.common.state.Stateful;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the model's training samples come from, already in the model's scale and shape: fresh 2-D toy points, or
 * dequantised, rescaled image batches. Its position (random stream, epoch) is checkpoint state.
 */
interface TrainingData extends Stateful {
    /** Shape of one sample without the batch dimension: [2] for toys, [1, H, W] for images. */
    long[] sampleShape();

    /** The next training batch. */
    INDArray next();

    /** n held-out or fresh real samples in the model's scale (for reference points, NLL and σ_max). */
    INDArray reference(int n, Rng rng);

    /** Largest Euclidean distance between two of the given samples [n, dims...] (score_sde's σ_max rule, MATH.md §4.5). */
    static double maxPairwiseDistance(INDArray x) {
        int n = (int) x.size(0);
        INDArray flat = x.reshape(n, x.length() / n).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray sq = flat.mul(flat).sum(1);
        INDArray gram = flat.mmul(flat.transpose());
        double best = 0;
        for (int i = 0; i < n; i++) {
            double si = sq.getDouble(i);
            for (int j = i + 1; j < n; j++) best = Math.max(best, si + sq.getDouble(j) - 2 * gram.getDouble(i, j));
        }
        return Math.sqrt(best);
    }
}
