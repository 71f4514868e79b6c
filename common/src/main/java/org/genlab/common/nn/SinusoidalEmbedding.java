package org.genlab.common.nn;

import org.genlab.common.UsageException;
import org.genlab.common.backend.HostArrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Transformer-style embedding of a time vector {@code t [n]} into {@code [n, dim]}:
 * {@code [sin(t·ω_0) … sin(t·ω_{h−1}), cos(t·ω_0) … cos(t·ω_{h−1})]} with h = dim/2 and
 * {@code ω_i = maxPeriod^(−i/h)} (Vaswani et al.'s frequencies; sines and cosines concatenated rather than
 * interleaved, which a following Linear layer does not notice). No parameters.
 */
public final class SinusoidalEmbedding implements Module {
    private final int dim;
    private final double maxPeriod;

    public SinusoidalEmbedding(int dim) {
        this(dim, 10000.0);
    }

    public SinusoidalEmbedding(int dim, double maxPeriod) {
        if (dim <= 0 || dim % 2 != 0) throw new UsageException("sinusoidal embedding dimension must be a positive even number, got " + dim);
        this.dim = dim;
        this.maxPeriod = maxPeriod;
    }

    /** ω_i for i &lt; dim/2. */
    public double frequency(int i) {
        return Math.exp(-Math.log(maxPeriod) * i / (dim / 2));
    }

    @Override
    public SDVariable apply(SDVariable t) {
        SameDiff sd = t.getSameDiff();
        DataType dt = t.dataType();
        int half = dim / 2;
        double[] w = new double[half];
        for (int i = 0; i < half; i++) w[i] = frequency(i);
        INDArray freqs = HostArrays.of(w, dt, 1, half);
        SDVariable args = sd.reshape(t, -1, 1).mmul(sd.constant(freqs));
        return sd.concat(1, sd.math().sin(args), sd.math().cos(args));
    }

    public int dim() {
        return dim;
    }
}
