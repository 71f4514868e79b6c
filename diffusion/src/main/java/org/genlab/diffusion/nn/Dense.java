package org.genlab.diffusion.nn;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * y = x·W + b as SameDiff's single fused op (xw_plus_b), with parameters "W" [in, out] and "b" [out] initialised
 * like PyTorch's Linear. Same math as common.nn.Linear, one graph op instead of two: small score networks are
 * bound by SameDiff's per-op cost (about 15 µs forward and 70 µs backward per op measured here), not by arithmetic.
 * <p>
 * SiLU stays x·sigmoid(x) (two ops): the single built-in swish op has a broken backprop in M2.1, NaN for inputs of
 * about 50 and above (pinned by SwishBackpropPitfallTest), which made a VE model diverge within 700 steps.
 */
final class Dense {
    private final SDVariable w;
    private final SDVariable b;

    Dense(Scope scope, long in, long out) {
        this.w = scope.param("W", Init.lecunUniform(), in, out, in, out);
        this.b = scope.param("b", Init.lecunUniform(), in, out, out);
    }

    SDVariable apply(SDVariable x) {
        return x.getSameDiff().nn().linear(x, w, b);
    }

    /** SiLU x·σ(x), built from sigmoid (see the class comment for why not the swish op). */
    static SDVariable silu(SDVariable x) {
        return Activation.SILU.apply(x);
    }
}
