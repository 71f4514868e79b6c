package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/** Nearest-neighbour 2× upsampling of NCHW inputs (no parameters). */
public final class Upsample2x implements Module {
    @Override
    public SDVariable apply(SDVariable x) {
        // upsampling2d(x, 2) fails on its output shape in M2.1; the explicit (scaleH, scaleW, nchw) form works.
        return x.getSameDiff().cnn().upsampling2d(x, 2, 2, true);
    }
}
