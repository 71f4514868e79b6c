package org.genlab.diffusion.loss;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A score network as a graph function: (x_t [n, dims...], t [n]) → its output, read as the score s(x,t) or, for the
 * ε-parameterisation, as the predicted noise ε with s = −ε/σ_t (MATH.md §4.4).
 */
@FunctionalInterface
public interface ScoreNetwork {
    SDVariable apply(SDVariable x, SDVariable t);
}
