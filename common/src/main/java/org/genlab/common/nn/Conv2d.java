package org.genlab.common.nn;

import org.genlab.common.UsageException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * 2-D convolution on NCHW inputs with a square kernel. Weights are stored {@code [k, k, in, out]} (SameDiff's YXIO),
 * bias {@code [out]}. Padding is explicit and symmetric ({@code out = ⌊(H + 2p − k)/s⌋ + 1}) or {@link #SAME}
 * (TensorFlow semantics: {@code out = ⌈H/s⌉}, any odd padding pixel goes to the bottom/right).
 */
public final class Conv2d implements Module {
    /** Padding value meaning "same". */
    public static final int SAME = -1;

    private final SDVariable w;
    private final SDVariable b;
    private final Conv2DConfig config;
    private final int kernel;
    private final int stride;
    private final int padding;

    /** PyTorch-style initialisation, U(±1/√(in·k²)) for weights and bias. */
    public Conv2d(Scope scope, long in, long out, int kernel, int stride, int padding, boolean bias) {
        this(scope, in, out, kernel, stride, padding, bias, Init.lecunUniform(), Init.lecunUniform());
    }

    public Conv2d(Scope scope, long in, long out, int kernel, int stride, int padding, boolean bias, Init weightInit, Init biasInit) {
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < SAME) {
            throw new IllegalArgumentException("bad Conv2d geometry: in " + in + ", out " + out + ", kernel " + kernel
                    + ", stride " + stride + ", padding " + padding);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        long fanIn = in * kernel * kernel;
        long fanOut = out * kernel * kernel;
        this.w = scope.param("W", weightInit, fanIn, fanOut, kernel, kernel, in, out);
        this.b = bias ? scope.param("b", biasInit, fanIn, fanOut, out) : null;
        this.config = Conv2DConfig.builder()
                .kH(kernel).kW(kernel).sH(stride).sW(stride)
                .pH(Math.max(padding, 0)).pW(Math.max(padding, 0)).dH(1).dW(1)
                .paddingMode(padding == SAME ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO)
                .build();
    }

    @Override
    public SDVariable apply(SDVariable x) {
        return b == null ? x.getSameDiff().cnn().conv2d(x, w, config) : x.getSameDiff().cnn().conv2d(x, w, b, config);
    }

    /** Spatial output size for an input of size {@code in}. */
    public long outputSize(long in) {
        if (padding == SAME) return (in + stride - 1) / stride;
        return (in + 2L * padding - kernel) / stride + 1;
    }

    /** "same" or a non-negative integer, as written in configs. */
    public static int parsePadding(String s) {
        String t = s == null ? "" : s.trim();
        if (t.equalsIgnoreCase("same")) return SAME;
        try {
            int p = Integer.parseInt(t);
            if (p >= 0) return p;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("bad convolution padding '" + s + "'; use \"same\" or a non-negative integer");
    }

    public SDVariable weight() {
        return w;
    }

    public SDVariable bias() {
        return b;
    }
}
