package org.genlab.common.nn;

import org.genlab.common.UsageException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Random Fourier features of a time vector {@code t [n]} (Song's GaussianFourierProjection, MATH.md §4.4/§4.7):
 * {@code [sin(2π·t·W), cos(2π·t·W)]} of shape {@code [n, dim]}, with W ~ N(0, scale²) of size dim/2 drawn once from
 * the model's init stream. W is a non-trainable buffer ("W"), so it is saved in checkpoints but never updated.
 * Song uses scale 30 for MNIST, NCSN++ 16.
 */
public final class GaussianFourierEmbedding implements Module {
    private final SDVariable w;
    private final int dim;

    public GaussianFourierEmbedding(Scope scope, int dim, double scale) {
        if (dim <= 0 || dim % 2 != 0) throw new UsageException("Fourier embedding dimension must be a positive even number, got " + dim);
        this.dim = dim;
        this.w = scope.buffer("W", scope.graph().initRng().gaussian(scope.dtype(), 1, dim / 2).muli(scale));
    }

    @Override
    public SDVariable apply(SDVariable t) {
        SameDiff sd = t.getSameDiff();
        SDVariable proj = sd.reshape(t, -1, 1).mmul(w).mul(2 * Math.PI);
        return sd.concat(1, sd.math().sin(proj), sd.math().cos(proj));
    }

    public SDVariable weights() {
        return w;
    }

    public int dim() {
        return dim;
    }
}
