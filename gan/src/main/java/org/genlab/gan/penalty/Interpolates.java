package org.genlab.gan.penalty;

import org.nd4j.autodiff.samediff.SDVariable;

/** Random real–fake interpolates x̂ = εx + (1 − ε)x̃ with ε [n, 1] fed per sample (drawn in Java, MATH.md §5.2). */
public final class Interpolates {
    private Interpolates() {
    }

    public static SDVariable of(SDVariable real, SDVariable fake, SDVariable eps) {
        return fake.add(eps.mul(real.sub(fake)));
    }
}
