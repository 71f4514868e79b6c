package org.genlab.gan.nn;

import org.genlab.common.nn.Init;
import org.genlab.common.nn.Scope;
import org.genlab.common.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Square-kernel convolution on NCHW inputs of a fixed spatial size, symmetric zero padding p, weights
 * [k, k, in, out] (SameDiff's YXIO), optionally spectrally normalised.
 *
 * <p>Adjoint: a convolution is out[y] = Σ_k in[y·s + k − p]·W[k], so its transpose scatters g[y]·W[k] to position
 * y·s + k of the padded input. That is exactly SameDiff's deconv2d with the same weight array (its layout
 * [k, k, oC, iC] has oC = the convolution's input channels) and no padding, which yields (H_out − 1)·s + k rows of
 * the padded input; the rows p … p + H − 1 are the input's, and rows the convolution never read (when
 * (H + 2p − k) is not a multiple of s) get zero gradient by padding at the bottom/right before the crop.
 */
final class ConvStage implements CriticStage {
    private final SDVariable w;
    private final SDVariable b;
    private final SpectralNorm sn;
    private final Conv2DConfig conv;
    private final DeConv2DConfig deconv;
    private final int padding;
    private final long inH;
    private final long inW;
    private final long outH;
    private final long outW;
    private final int kernel;
    private final int stride;

    ConvStage(Scope scope, long inC, long outC, long inH, long inW, int kernel, int stride, int padding, boolean bias,
              Init init, Rng snRng) {
        if (kernel < 1 || stride < 1 || padding < 0 || padding >= kernel) {
            throw new IllegalArgumentException("bad critic convolution: kernel " + kernel + ", stride " + stride
                    + ", padding " + padding + " (need 0 <= padding < kernel)");
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.inH = inH;
        this.inW = inW;
        this.outH = (inH + 2L * padding - kernel) / stride + 1;
        this.outW = (inW + 2L * padding - kernel) / stride + 1;
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("critic convolution maps " + inH + "x" + inW + " to nothing (kernel "
                    + kernel + ", stride " + stride + ", padding " + padding + ")");
        }
        long fanIn = inC * kernel * kernel;
        SDVariable raw = scope.param("W", init, fanIn, outC * kernel * kernel, kernel, kernel, inC, outC);
        this.b = bias ? scope.param("b", Init.zeros(), fanIn, outC * kernel * kernel, outC) : null;
        this.sn = snRng == null ? null : new SpectralNorm(scope, raw, fanIn, outC, snRng);
        this.w = sn == null ? raw : sn.normalized();
        this.conv = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding).pW(padding)
                .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW)
                .weightsFormat(WeightsFormat.YXIO).build();
        this.deconv = DeConv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(0).pW(0).dH(1).dW(1)
                .isSameMode(false).dataFormat(DeConv2DConfig.NCHW).build();
    }

    long outH() {
        return outH;
    }

    long outW() {
        return outW;
    }

    @Override
    public SDVariable apply(SDVariable x) {
        SameDiff sd = x.getSameDiff();
        return b == null ? sd.cnn().conv2d(x, w, conv) : sd.cnn().conv2d(x, w, b, conv);
    }

    @Override
    public SDVariable adjoint(SDVariable g) {
        SameDiff sd = g.getSameDiff();
        SDVariable full = sd.cnn().deconv2d(g, w, deconv);
        long fullH = (outH - 1) * stride + kernel, fullW = (outW - 1) * stride + kernel;
        long extraH = Math.max(0, padding + inH - fullH), extraW = Math.max(0, padding + inW - fullW);
        if (extraH > 0 || extraW > 0) {
            SDVariable pads = sd.constant(Nd4j.createFromArray(new int[][]{{0, 0}, {0, 0}, {0, (int) extraH}, {0, (int) extraW}}));
            full = sd.nn().pad(full, pads, PadMode.CONSTANT, 0.0);
        }
        if (padding == 0 && fullH + extraH == inH && fullW + extraW == inW) return full;
        return sd.stridedSlice(full, new long[]{0, 0, padding, padding}, new long[]{0, 0, padding + inH, padding + inW},
                new long[]{1, 1, 1, 1}, 0b0011, 0b0011, 0, 0, 0);
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
