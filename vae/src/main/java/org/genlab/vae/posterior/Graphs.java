package org.genlab.vae.posterior;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/** Small graph helpers the posteriors share. */
public final class Graphs {
    private Graphs() {
    }

    /** sg(x): the value of x with zero gradient (SameDiff's stop_gradient op; checked in StopGradientTest). */
    public static SDVariable stop(SDVariable x) {
        return new StopGradient(x.getSameDiff(), x).outputVariable();
    }

    /**
     * softplus(x) = max(x, 0) + log1p(exp(−|x|)), which does not overflow: SameDiff's own softplus computes
     * log(1 + exp(x)) and returns +∞ for x &gt; 88 in float (measured in M2.1), which turned a large κ into ∞.
     */
    public static SDVariable softplus(SDVariable x) {
        var sd = x.getSameDiff();
        return sd.nn().relu(x, 0.0).add(sd.math().log1p(sd.math().exp(sd.math().abs(x).neg())));
    }

    /** x − sg(x): value 0, gradient that of x; multiplying by sg(f) gives a score-function surrogate. */
    public static SDVariable zeroValued(SDVariable x) {
        return x.sub(stop(x));
    }
}
