package org.genlab.vae.posterior;

import org.genlab.common.nn.Scope;
import org.genlab.common.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * The latent part of a VAE: heads on the encoder's features that define q(z|x), a reparameterised z fed by noise
 * placeholders drawn in Java (no random ops in graphs), the KL to the prior, and the Java-side view used by metrics.
 *
 * <p>A training step is: (1) if {@link #preOutputs()} is non-empty, evaluate those outputs (the encoder only) for the
 * batch; (2) {@link #noise} draws the placeholders, possibly conditioned on them (Wood's sampler needs κ, and the
 * learned-κ KL needs Bessel values computed in Java); (3) the gradient step runs with these feeds.
 */
public interface Posterior {
    /** The --model name of the family this posterior belongs to ("vae", "bn-vae", ...). */
    String kind();

    /** Width of z (the ambient dimension m for vMF). */
    int zDim();

    /** Creates the heads' parameters under {@code scope} and wires them on features h [b, hDim]. Call once. */
    Heads build(Scope scope, SDVariable h, long hDim);

    /** Graph outputs that {@link #noise} needs first (empty: the noise does not depend on the encoder). */
    List<String> preOutputs();

    /** Placeholders for one batch of size {@code batch}; {@code pre} holds the values of {@link #preOutputs()}. */
    Map<String, INDArray> noise(Rng rng, int batch, Map<String, INDArray> pre, DataType dtype);

    /** Graph outputs that describe q(z|x) (μ and log σ², or μ and κ), for {@link #latents}. */
    List<String> statOutputs();

    /** The Java-side posteriors from the values of {@link #statOutputs()}. */
    LatentBatch latents(Map<String, INDArray> stats);

    /** log p(z) of the prior. */
    double logPrior(double[] z);

    /** n draws from the prior, [n, zDim]. */
    INDArray priorSample(Rng rng, int n, DataType dtype);

    /** Extra per-example graph outputs worth logging during training (e.g. κ); their batch means are reported. */
    default List<String> trainingMetrics() {
        return List.of();
    }

    /** A one-line description for logs (kind and its hyperparameters). */
    String describe();

    /** Rows of a [n, k] array as double[n][k]. */
    static double[][] rows(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }
}
