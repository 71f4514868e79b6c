package org.genlab.gan.nn;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.MatMul;
import org.genlab.common.nn.Scope;
import org.genlab.common.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;

/** Dense layer x·W + b on [n, in] rows, W of shape [in, out]; optionally spectrally normalised. Adjoint: g·Wᵀ. */
final class DenseStage implements CriticStage {
    private final SDVariable w;
    private final SDVariable b;
    private final SpectralNorm sn;

    DenseStage(Scope scope, long in, long out, boolean bias, Init init, Rng snRng) {
        SDVariable raw = scope.param("W", init, in, out, in, out);
        this.b = bias ? scope.param("b", Init.zeros(), in, out, out) : null;
        this.sn = snRng == null ? null : new SpectralNorm(scope, raw, in, out, snRng);
        this.w = sn == null ? raw : sn.normalized();
    }

    @Override
    public SDVariable apply(SDVariable x) {
        SDVariable y = MatMul.of(x, w);
        return b == null ? y : y.add(b);
    }

    /** relu(x·W + b): with a bias, one Java kernel adds it and applies ReLU where the graph has kernels. */
    SDVariable applyRelu(SDVariable x) {
        return b == null ? Activation.relu(MatMul.of(x, w)) : Activation.RELU.applyToSum(MatMul.of(x, w), b);
    }

    @Override
    public SDVariable adjoint(SDVariable g) {
        return MatMul.of(g, w, false, true);
    }

    @Override
    public boolean linear() {
        return true;
    }

    @Override
    public SpectralNorm spectralNorm() {
        return sn;
    }
}
