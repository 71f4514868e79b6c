package org.genlab.vae.metrics;

import org.genlab.vae.posterior.LatentBatch;

/**
 * What {@link VaeMetrics} needs from a trained VAE and a held-out split: posteriors (evaluation mode, e.g. batch
 * norm with running statistics) and the decoder's −log p(x|z). Examples are addressed by index into the split.
 */
public interface EvalSource {
    /** Examples in the split. */
    int size();

    /** q(z|x_i) for the given examples. */
    LatentBatch encode(int[] examples);

    /** −log p(x_{examples[r]} | z[r]) for each row r (examples may repeat, one row per sample). */
    double[] negLogLik(int[] examples, double[][] z);

    /** log p(z) under the prior. */
    double logPrior(double[] z);

    /** Predicted tokens of example i (words + end of sentence) for perplexity; 0 for images. */
    default int tokens(int i) {
        return 0;
    }
}
