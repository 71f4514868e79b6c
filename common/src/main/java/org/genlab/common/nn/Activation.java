package org.genlab.common.nn;

import org.genlab.common.UsageException;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Element-wise activations, selectable by name from configs ({@link #parse}). LEAKY_RELU uses slope
 * {@link #DEFAULT_LEAKY_SLOPE}; {@link #leakyRelu(double)} gives other slopes.
 *
 * <p>GELU is the exact {@code x·Φ(x) = ½x(1 + erf(x/√2))}, built from erf: SameDiff's own {@code gelu} is the
 * sigmoid approximation {@code x·σ(1.702x)} and its {@code preciseGelu} also differs from the exact value
 * (≈ 0.8314 instead of 0.8413 at x = 1, measured in M2.1).
 */
public enum Activation implements Module {
    NONE("none", "identity", "linear"),
    RELU("relu"),
    LEAKY_RELU("leaky_relu", "leakyrelu", "lrelu"),
    SILU("silu", "swish"),
    GELU("gelu"),
    SOFTPLUS("softplus"),
    TANH("tanh"),
    SIGMOID("sigmoid");

    public static final double DEFAULT_LEAKY_SLOPE = 0.2;

    private final String[] names;

    Activation(String... names) {
        this.names = names;
    }

    @Override
    public SDVariable apply(SDVariable x) {
        return switch (this) {
            case NONE -> x;
            case RELU -> relu(x);
            case LEAKY_RELU -> leakyRelu(x, DEFAULT_LEAKY_SLOPE);
            case SILU -> silu(x);
            case GELU -> gelu(x);
            case SOFTPLUS -> softplus(x);
            case TANH -> x.getSameDiff().math().tanh(x);
            case SIGMOID -> x.getSameDiff().nn().sigmoid(x);
        };
    }

    /**
     * f(a + b), b broadcast onto a (a bias, a time embedding): for SiLU, softplus and ReLU one Java kernel in place on
     * the sum in float graphs that have them (JavaKernels), else f applied to a.add(b).
     */
    public SDVariable applyToSum(SDVariable a, SDVariable b) {
        SDVariable k = JavaKernels.pointwiseOfSum(a, b, this);
        return k != null ? k : apply(a.add(b));
    }

    /** x·σ(x): a Java kernel in float graphs that have them (JavaKernels), else SameDiff's sigmoid and product. */
    private static SDVariable silu(SDVariable x) {
        SDVariable k = JavaKernels.pointwise(x, SILU);
        return k != null ? k : x.mul(x.getSameDiff().nn().sigmoid(x));
    }

    /** The canonical config name. */
    public String configName() {
        return names[0];
    }

    /** Case-insensitive; accepts the aliases listed in {@link #validNames()}. */
    public static Activation parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Activation a : values()) for (String s : a.names) if (s.equals(n)) return a;
        throw new UsageException("unknown activation '" + name + "'; use one of " + validNames());
    }

    public static String validNames() {
        return Arrays.stream(values()).flatMap(a -> Arrays.stream(a.names)).collect(Collectors.joining(", "));
    }

    /**
     * max(x, 0): a Java kernel in float graphs that have them (JavaKernels), else x·{@link #reluMask}(x). Both give
     * the values and the gradient (0 at x = 0) of SameDiff's relu, whose backprop calls a {@code std::function} per
     * element: 2.4–2.9 times slower forward and backward on [256, 512] and [64, 32, 28, 28] than the product.
     */
    public static SDVariable relu(SDVariable x) {
        SDVariable k = JavaKernels.pointwise(x, RELU);
        return k != null ? k : x.mul(reluMask(x));
    }

    /**
     * 1 where x &gt; 0, else 0, in x's dtype: ReLU's derivative. It goes through a boolean, which SameDiff does not
     * differentiate, so it is a constant for autodiff and adds no backprop ops (step(x) would add a zeros op and a
     * sum for its zero gradient).
     */
    public static SDVariable reluMask(SDVariable x) {
        return x.gt(0.0).castTo(x.dataType());
    }

    /** max(x, αx) for 0 ≤ α &lt; 1, computed as x·{@link #leakySlope} for the reason given at {@link #relu}. */
    public static SDVariable leakyRelu(SDVariable x, double alpha) {
        return x.mul(leakySlope(x, alpha));
    }

    /** The derivative of leaky ReLU as a constant for autodiff: 1 where x &gt; 0, α elsewhere. */
    public static SDVariable leakySlope(SDVariable x, double alpha) {
        if (!(alpha >= 0 && alpha < 1)) throw new IllegalArgumentException("leaky ReLU slope must be in [0, 1), got " + alpha);
        return reluMask(x).mul(1.0 - alpha).add(alpha);
    }

    public static Module leakyRelu(double alpha) {
        return x -> leakyRelu(x, alpha);
    }

    /** Exact GELU, ½x(1 + erf(x/√2)). */
    public static SDVariable gelu(SDVariable x) {
        SDVariable erf = x.getSameDiff().math().erf(x.mul(1.0 / Math.sqrt(2.0)));
        return x.mul(erf.add(1.0)).mul(0.5);
    }

    /**
     * softplus(x) = max(x, 0) + log1p(exp(−|x|)), which does not overflow: SameDiff's own softplus computes
     * log(1 + exp(x)) and returns +∞ above x ≈ 88 in float (measured in M2.1; it crashed a vMF-VAE run at κ &gt; 88).
     * One Java kernel in float graphs that have them.
     */
    public static SDVariable softplus(SDVariable x) {
        SDVariable k = JavaKernels.pointwise(x, SOFTPLUS);
        if (k != null) return k;
        var sd = x.getSameDiff();
        return relu(x).add(sd.math().log1p(sd.math().exp(sd.math().abs(x).neg())));
    }
}
