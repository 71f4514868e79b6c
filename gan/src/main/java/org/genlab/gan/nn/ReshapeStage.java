package org.genlab.gan.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/** Reshape between a flat [n, d] view and an image [n, c, h, w] view (either direction); its adjoint reshapes back. */
final class ReshapeStage implements CriticStage {
    private final long[] to;
    private final long[] from;

    /** @param from per-sample shape of the input, @param to per-sample shape of the output */
    ReshapeStage(long[] from, long[] to) {
        this.from = from;
        this.to = to;
    }

    private static SDVariable reshape(SDVariable x, long[] perSample) {
        long[] s = new long[perSample.length + 1];
        s[0] = -1;
        System.arraycopy(perSample, 0, s, 1, perSample.length);
        return x.reshape(s);
    }

    @Override
    public SDVariable apply(SDVariable x) {
        return reshape(x, to);
    }

    @Override
    public SDVariable adjoint(SDVariable g) {
        return reshape(g, from);
    }

    @Override
    public boolean linear() {
        return false;
    }
}
