package org.genlab.common.nn;

import org.genlab.common.UsageException;
import org.genlab.common.backend.Backend;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D convolution on NCHW inputs with a square kernel. Weights are stored {@code [k, k, in, out]} (SameDiff's YXIO),
 * bias {@code [out]}. Padding is explicit and symmetric ({@code out = ⌊(H + 2p − k)/s⌋ + 1}) or {@link #SAME}
 * (TensorFlow semantics: {@code out = ⌈H/s⌉}, any odd padding pixel goes to the bottom/right).
 *
 * <p>A narrow convolution (stride 1, odd kernel k > 1, size-preserving padding, at least {@value #NARROW_RATIO} times
 * as many input channels as output channels: a U-Net's last layer) runs on the CPU backend as the equivalent
 * transposed convolution with the kernel flipped and its channel axes swapped. oneDNN's conv2d_bp builds the full im2col
 * matrix (k²·in rows) for a single output channel; deconv2d's backward pass works on k²·out rows, so the 64 → 1
 * layer of the score U-Net takes 25 instead of 48 ms forward + backward (docs/benchmarks.md, session 9). The
 * weight is the same variable in the same layout either way, so checkpoints do not depend on the path.
 * {@code -D}{@value #NARROW_PROPERTY}{@code =off} keeps conv2d.
 */
public final class Conv2d implements Module {
    /** Padding value meaning "same". */
    public static final int SAME = -1;
    /** System property: "off" runs narrow convolutions through conv2d as well. */
    public static final String NARROW_PROPERTY = "genlab.narrowConv";
    /** in ≥ ratio·out makes a convolution narrow; measured: 64 → 16 still gains 20 %, 32 → 32 loses 3×. */
    static final int NARROW_RATIO = 4;

    private final SDVariable w;
    private final SDVariable b;
    private final Conv2DConfig config;
    /** Non-null when this convolution runs as a transposed one (class comment). */
    private final DeConv2DConfig transposed;
    private final long in;
    private final long out;
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
        this.in = in;
        this.out = out;
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
        boolean sizePreserving = stride == 1 && kernel > 1 && kernel % 2 == 1 && (padding == SAME || padding == kernel / 2);
        boolean narrow = sizePreserving && in >= NARROW_RATIO * out && Backend.cpuBackend()
                && !"off".equals(System.getProperty(NARROW_PROPERTY));
        this.transposed = !narrow ? null : DeConv2DConfig.builder().kH(kernel).kW(kernel).sH(1).sW(1)
                .pH(kernel / 2).pW(kernel / 2).dH(1).dW(1).isSameMode(false).dataFormat(DeConv2DConfig.NCHW).build();
    }

    @Override
    public SDVariable apply(SDVariable x) {
        var cnn = x.getSameDiff().cnn();
        if (transposed != null) {
            SDVariable wt = transposedWeight();
            return b == null ? cnn.deconv2d(x, wt, transposed) : cnn.deconv2d(x, wt, b, transposed);
        }
        return b == null ? cnn.conv2d(x, w, config) : cnn.conv2d(x, w, b, config);
    }

    /** Whether this convolution runs as a transposed one (class comment). */
    boolean runsTransposed() {
        return transposed != null;
    }

    /**
     * The stride-1 convolution with padding p = (k − 1)/2 is the transposed convolution with padding k − 1 − p = p
     * whose kernel is this one rotated by 180° with in and out swapped: y[o, i, j] = Σ w[a, b, c, o]·x[c, i + a − p,
     * j + b − p], and deconv2d scatters x[c, u, v] to y[o, u + a′ − p, v + b′ − p] with weight w′[a′, b′, o, c].
     * Rotating both spatial axes reverses the flattened tap index a·k + b, here a product with the exchange matrix.
     * (SameDiff's gather with the reversed indices gave wrong weight gradients in a double-precision gradient check,
     * and its reverse op logs a warning each time a graph is built.)
     */
    private SDVariable transposedWeight() {
        var sd = w.getSameDiff();
        int taps = kernel * kernel;
        INDArray exchange = Nd4j.zeros(w.dataType(), taps, taps);
        for (int t = 0; t < taps; t++) exchange.putScalar(t, taps - 1 - t, 1.0);
        SDVariable rotated = sd.constant(exchange).mmul(w.reshape(taps, in * out)).reshape(taps, in, out);
        return sd.permute(rotated, 0, 2, 1).reshape(kernel, kernel, out, in);
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
