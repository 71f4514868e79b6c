package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;

/**
 * Transposed 2-D convolution on NCHW inputs with PyTorch's size rule
 * {@code out = (H − 1)·s − 2p + k + outputPadding}. Implemented as SameDiff's deconv2d without padding (size
 * {@code (H − 1)·s + k}) followed by a crop of p rows/columns at the top/left and {@code p − outputPadding} at the
 * bottom/right, which is exactly what PyTorch's padding/output_padding select. Weights are {@code [k, k, out, in]}
 * (SameDiff's deconv layout), bias {@code [out]}. Requires {@code 0 ≤ outputPadding ≤ p} and
 * {@code outputPadding < s}.
 */
public final class ConvTranspose2d implements Module {
    private final SDVariable w;
    private final SDVariable b;
    private final DeConv2DConfig config;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPadding;

    public ConvTranspose2d(Scope scope, long in, long out, int kernel, int stride, int padding, int outputPadding, boolean bias) {
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || outputPadding < 0
                || outputPadding > padding || outputPadding >= stride) {
            throw new IllegalArgumentException("bad ConvTranspose2d geometry: in " + in + ", out " + out + ", kernel "
                    + kernel + ", stride " + stride + ", padding " + padding + ", outputPadding " + outputPadding
                    + " (need 0 <= outputPadding <= padding and outputPadding < stride)");
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        // PyTorch computes the fan-in of a transposed conv from the weight's dim 1 (= out channels) times k².
        long fanIn = out * kernel * kernel;
        long fanOut = in * kernel * kernel;
        this.w = scope.param("W", Init.lecunUniform(), fanIn, fanOut, kernel, kernel, out, in);
        this.b = bias ? scope.param("b", Init.lecunUniform(), fanIn, fanOut, out) : null;
        this.config = DeConv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(0).pW(0).dH(1).dW(1)
                .isSameMode(false).dataFormat(DeConv2DConfig.NCHW).build();
    }

    /**
     * The output padding that makes a stride-s transposed conv map size {@code in} to {@code target}, for building
     * decoders that mirror an encoder (e.g. 7 → 14 with k = 3, s = 2, p = 1 needs 1).
     */
    public static int outputPaddingFor(long in, long target, int kernel, int stride, int padding) {
        long op = target - ((in - 1) * stride - 2L * padding + kernel);
        if (op < 0 || op >= stride || op > padding) {
            throw new IllegalArgumentException("no output padding maps " + in + " to " + target + " with kernel " + kernel
                    + ", stride " + stride + ", padding " + padding);
        }
        return (int) op;
    }

    @Override
    public SDVariable apply(SDVariable x) {
        var sd = x.getSameDiff();
        SDVariable full = b == null ? sd.cnn().deconv2d(x, w, config) : sd.cnn().deconv2d(x, w, b, config);
        if (padding == 0) return full;
        int endCrop = padding - outputPadding;
        // Negative ends count from the back; the end mask (bits 2, 3) keeps the full extent when nothing is cut.
        long[] begin = {0, 0, padding, padding};
        long[] end = {0, 0, -endCrop, -endCrop};
        int endMask = 0b0011 | (endCrop == 0 ? 0b1100 : 0);
        return sd.stridedSlice(full, begin, end, new long[]{1, 1, 1, 1}, 0b0011, endMask, 0, 0, 0);
    }

    public long outputSize(long in) {
        return (in - 1) * stride - 2L * padding + kernel + outputPadding;
    }

    public SDVariable weight() {
        return w;
    }

    public SDVariable bias() {
        return b;
    }
}
