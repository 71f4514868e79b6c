package org.genlab.vae.image;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.Scope;
import org.genlab.vae.posterior.Graphs;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * −log p(x|z) per example from decoder logits [b, D]:
 * <ul>
 *   <li>bernoulli (binary or dynamically binarised pixels): Σ softplus(l) − x·l, the BCE-with-logits sum;</li>
 *   <li>gaussian (continuous pixels in [0, 1]): mean sigmoid(l), one shared learned σ = 0.01 + softplus(s), σ
 *       starting near 0.1: Σ ½((x − mean)²/σ² + log 2πσ²). The floor keeps the density bounded on constant
 *       (background) pixels.</li>
 *   <li>logistic (grey pixels level/L): the discretised logistic ({@link DiscretizedLogistic}); the decoder emits two
 *       values per pixel, [μ (D) | log s (D)], μ unconstrained (PixelCNN++), the mean image is μ clipped to [0, 1].
 *       A probability mass over the L + 1 levels, so −log p / (D ln 2) is bits/dim.</li>
 * </ul>
 */
public final class ImageLikelihood {
    // softplus via Graphs.softplus: SameDiff's overflows to +∞ for logits above 88 in float
    private final String kind;
    private final SDVariable sigmaParam;
    private final long pixels;
    private final int levels;

    /** {@code pixels} = D per image, {@code levels} = grey levels above 0 of the data (bin width 1/levels). */
    public ImageLikelihood(Scope scope, String kind, long pixels, int levels) {
        this.kind = kind;
        this.pixels = pixels;
        this.levels = levels;
        // softplus(s) = 0.09 at s = log(e^0.09 − 1)
        this.sigmaParam = kind.equals("gaussian") ? scope.param("log_sigma", Init.constant(Math.log(Math.expm1(0.09))), 1, 1, 1) : null;
    }

    public String kind() {
        return kind;
    }

    /** Decoder outputs per pixel: 2 for the logistic (μ and log s), else 1. */
    public static int outputsPerPixel(String kind) {
        return kind.equals("logistic") ? 2 : 1;
    }

    /** Whether −log p(x|z) is a probability mass over quantised pixels (then nats / (D ln 2) = bits/dim). */
    public static boolean discrete(String kind) {
        return kind.equals("logistic");
    }

    public SDVariable negLogLik(SDVariable logits, SDVariable x) {
        SameDiff sd = logits.getSameDiff();
        if (kind.equals("logistic")) {
            return DiscretizedLogistic.negLogMass(x, locations(logits), logScales(logits), levels).sum(1);
        }
        if (sigmaParam == null) return Activation.softplus(logits).sub(x.mul(logits)).sum(1);
        SDVariable sigma = Activation.softplus(sigmaParam).add(0.01);
        SDVariable diff = x.sub(sd.nn().sigmoid(logits));
        SDVariable quad = diff.mul(diff).sum(1).div(sigma.mul(sigma));
        SDVariable perPixel = sd.math().log(sigma.mul(sigma).mul(2 * Math.PI));
        SDVariable count = x.mul(0.0).add(1.0).sum(1);
        return quad.add(count.mul(perPixel)).mul(0.5);
    }

    /** The decoder's mean image: sigmoid of the logits (Bernoulli, Gaussian), clipped μ (logistic). */
    public SDVariable mean(SDVariable logits) {
        if (kind.equals("logistic")) return logits.getSameDiff().math().clipByValue(locations(logits), 0.0, 1.0);
        return logits.getSameDiff().nn().sigmoid(logits);
    }

    private SDVariable locations(SDVariable out) {
        return out.get(SDIndex.all(), SDIndex.interval(0L, pixels));
    }

    private SDVariable logScales(SDVariable out) {
        return out.get(SDIndex.all(), SDIndex.interval(pixels, 2 * pixels));
    }
}
