package org.genlab.gan.nn;

import org.genlab.common.nn.Init;
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
        SDVariable y = x.mmul(w);
        return b == null ? y : y.add(b);
    }

    @Override
    public SDVariable adjoint(SDVariable g) {
        return g.getSameDiff().mmul(g, w, false, true, false);
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
