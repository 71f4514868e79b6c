package org.genlab.vae.image;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.Scope;
import org.genlab.vae.posterior.Graphs;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * −log p(x|z) per example from decoder logits [b, D]:
 * <ul>
 *   <li>bernoulli (binary or dynamically binarised pixels): Σ softplus(l) − x·l, the BCE-with-logits sum;</li>
 *   <li>gaussian (continuous pixels in [0, 1]): mean sigmoid(l), one shared learned σ = 0.01 + softplus(s), σ
 *       starting near 0.1: Σ ½((x − mean)²/σ² + log 2πσ²). The floor keeps the density bounded on constant
 *       (background) pixels.</li>
 * </ul>
 */
public final class ImageLikelihood {
    // softplus via Graphs.softplus: SameDiff's overflows to +∞ for logits above 88 in float
    private final String kind;
    private final SDVariable sigmaParam;

    public ImageLikelihood(Scope scope, String kind) {
        this.kind = kind;
        // softplus(s) = 0.09 at s = log(e^0.09 − 1)
        this.sigmaParam = kind.equals("gaussian") ? scope.param("log_sigma", Init.constant(Math.log(Math.expm1(0.09))), 1, 1, 1) : null;
    }

    public String kind() {
        return kind;
    }

    public SDVariable negLogLik(SDVariable logits, SDVariable x) {
        SameDiff sd = logits.getSameDiff();
        if (sigmaParam == null) return Activation.softplus(logits).sub(x.mul(logits)).sum(1);
        SDVariable sigma = Activation.softplus(sigmaParam).add(0.01);
        SDVariable diff = x.sub(sd.nn().sigmoid(logits));
        SDVariable quad = diff.mul(diff).sum(1).div(sigma.mul(sigma));
        SDVariable perPixel = sd.math().log(sigma.mul(sigma).mul(2 * Math.PI));
        SDVariable count = x.mul(0.0).add(1.0).sum(1);
        return quad.add(count.mul(perPixel)).mul(0.5);
    }

    /** The decoder's mean image for logits: sigmoid for both likelihoods. */
    public SDVariable mean(SDVariable logits) {
        return logits.getSameDiff().nn().sigmoid(logits);
    }
}
