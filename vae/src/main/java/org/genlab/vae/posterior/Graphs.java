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


    /** x − sg(x): value 0, gradient that of x; multiplying by sg(f) gives a score-function surrogate. */
    public static SDVariable zeroValued(SDVariable x) {
        return x.sub(stop(x));
    }
}
