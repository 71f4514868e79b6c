package org.genlab.vae.posterior;

import org.genlab.common.random.Rng;

/**
 * A batch of posteriors q(z|x_i) on the Java side, built from the encoder's outputs, for what the graph does not do:
 * importance-weighted likelihoods, mutual information and active units (org.genlab.vae.metrics), reconstructions.
 */
public interface LatentBatch {
    int size();

    /** Width of z. */
    int dim();

    /** E_q[z|x_i], whose variance over x counts active units. */
    double[] mean(int i);

    /** One draw z ~ q(z|x_i). */
    double[] sample(int i, Rng rng);

    /** log q(z|x_i) (density w.r.t. Lebesgue measure, or the sphere's surface measure for vMF). */
    double logDensity(int i, double[] z);

    /** E_q[log q(z|x_i)] = −H[q(·|x_i)]. */
    double negEntropy(int i);

    /** KL(q(z|x_i) ‖ p(z)). */
    double kl(int i);
}
