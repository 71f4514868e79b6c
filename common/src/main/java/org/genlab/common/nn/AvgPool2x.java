package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/** 2×2 average pooling with stride 2 on NCHW inputs (no parameters); odd trailing rows/columns are dropped. */
public final class AvgPool2x implements Module {
    private static final Pooling2DConfig CONFIG = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).pH(0).pW(0)
            .dH(1).dW(1).paddingMode(PaddingMode.VALID).isNHWC(false).build();

    @Override
    public SDVariable apply(SDVariable x) {
        return x.getSameDiff().cnn().avgPooling2d(x, CONFIG);
    }
}
