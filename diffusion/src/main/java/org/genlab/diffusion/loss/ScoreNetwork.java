package org.genlab.diffusion.loss;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * A score network as a graph function: (x_t [n, dims...], t [n]) → its output, read as the score s(x,t) or, for the
 * ε-parameterisation, as the predicted noise ε with s = −ε/σ_t (MATH.md §4.4). A network may compute functions of t
 * in Java (time features) and feed them through its own placeholders: {@link #feeds} gives their values for the
 * times of a batch, and every caller adds them to its feed map.
 */
@FunctionalInterface
public interface ScoreNetwork {
    SDVariable apply(SDVariable x, SDVariable t);

    /** Values of the network's own placeholders for per-sample times t (none by default). */
    default Map<String, INDArray> feeds(double[] t) {
        return Map.of();
    }
}
