package org.genlab.gan.nn;

import org.genlab.common.UsageException;
import org.genlab.common.nn.Activation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Locale;

/**
 * An element-wise activation together with its derivative written as an ordinary forward expression, which is what
 * the explicit input-gradient graph of a critic needs (MATH.md §8.1a): SameDiff cannot differentiate a gradient, so
 * ∇ₓD is built from the critic's weights and the factors a′(h) of its pre-activations h.
 *
 * <p>Supported: none, relu, leaky_relu (slope, default 0.2, written "leaky_relu:0.1" for another slope), tanh,
 * sigmoid, softplus, silu (swish) and exact gelu. For relu and leaky_relu a′ is a 0/1 (or slope/1) mask whose
 * derivative is zero almost everywhere, so first-order autodiff of a penalty built on it is exact away from the
 * kinks; for the smooth activations a′(h) is differentiated through h, which brings in the true second-order terms.
 */
public record CriticActivation(Activation kind, double slope) {
    public CriticActivation {
        if (kind == Activation.LEAKY_RELU && !(slope >= 0 && slope < 1)) {
            throw new UsageException("leaky_relu slope must be in [0, 1), got " + slope);
        }
    }

    public static CriticActivation of(Activation kind) {
        return new CriticActivation(kind, kind == Activation.LEAKY_RELU ? Activation.DEFAULT_LEAKY_SLOPE : 0.0);
    }

    public static CriticActivation leakyRelu(double slope) {
        return new CriticActivation(Activation.LEAKY_RELU, slope);
    }

    /** "relu", "leaky_relu", "leaky_relu:0.1", "tanh", ... (the names of {@link Activation#parse}). */
    public static CriticActivation parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        Activation a = Activation.parse(colon < 0 ? s : s.substring(0, colon));
        if (colon < 0) return of(a);
        if (a != Activation.LEAKY_RELU) {
            throw new UsageException("only leaky_relu takes a slope (\"leaky_relu:0.2\"), got '" + spec + "'");
        }
        try {
            return leakyRelu(Double.parseDouble(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new UsageException("bad leaky_relu slope in '" + spec + "'; write e.g. leaky_relu:0.2");
        }
    }

    public String configName() {
        return kind == Activation.LEAKY_RELU && slope != Activation.DEFAULT_LEAKY_SLOPE
                ? kind.configName() + ":" + slope : kind.configName();
    }

    public SDVariable apply(SDVariable h) {
        // h·a′(h) for leaky_relu, consistent with derivative() to the last bit.
        return kind == Activation.LEAKY_RELU ? Activation.leakyRelu(h, slope) : kind.apply(h);
    }

    /** a′(h), element-wise; null for the identity (no factor needed). */
    public SDVariable derivative(SDVariable h) {
        SameDiff sd = h.getSameDiff();
        return switch (kind) {
            case NONE -> null;
            // 1 for h > 0: a constant mask for autodiff
            case RELU -> Activation.reluMask(h);
            case LEAKY_RELU -> Activation.leakySlope(h, slope);
            case TANH -> {
                SDVariable t = sd.math().tanh(h);
                yield t.mul(t).rsub(1.0);
            }
            case SIGMOID -> {
                SDVariable s = sd.nn().sigmoid(h);
                yield s.mul(s.rsub(1.0));
            }
            case SOFTPLUS -> sd.nn().sigmoid(h);
            case SILU -> { // d/dh h·σ(h) = σ(h)·(1 + h·(1 − σ(h)))
                SDVariable s = sd.nn().sigmoid(h);
                yield s.mul(h.mul(s.rsub(1.0)).add(1.0));
            }
            case GELU -> { // d/dh h·Φ(h) = Φ(h) + h·φ(h)
                SDVariable cdf = sd.math().erf(h.mul(1.0 / Math.sqrt(2.0))).add(1.0).mul(0.5);
                SDVariable pdf = sd.math().exp(h.mul(h).mul(-0.5)).mul(1.0 / Math.sqrt(2.0 * Math.PI));
                yield cdf.add(h.mul(pdf));
            }
        };
    }

    /** Whether a′ is a piecewise-constant mask (relu, leaky_relu): the critic is then piecewise linear in x. */
    public boolean piecewiseLinear() {
        return kind == Activation.RELU || kind == Activation.LEAKY_RELU || kind == Activation.NONE;
    }
}
