package org.genlab.gan.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One stage of a critic's forward map together with its adjoint (transpose), so that the input gradient can be
 * written as a forward graph (MATH.md §8.1a). Linear stages (dense, convolution) are followed by an activation in
 * the critic; shape stages (reshape) are not.
 */
interface CriticStage {
    SDVariable apply(SDVariable x);

    /** Jᵀg: the gradient with respect to this stage's input, given the gradient {@code g} at its output. */
    SDVariable adjoint(SDVariable g);

    /** Whether an activation follows this stage (false for reshapes). */
    boolean linear();

    /** The spectral normalisation of its weight, or null. */
    default SpectralNorm spectralNorm() {
        return null;
    }
}
