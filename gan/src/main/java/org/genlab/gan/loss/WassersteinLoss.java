package org.genlab.gan.loss;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The WGAN losses with the critic scoring real samples high (MATH.md §5; Su's Keras code flips the sign, §10.9):
 * the critic minimises L_D = E D(x̃) − E D(x), the generator minimises L_G = −E D(G(z)). The critic's estimate of W₁
 * is E D(x) − E D(x̃) = −L_D (without penalty).
 */
public final class WassersteinLoss {
    private WassersteinLoss() {
    }

    /** E D(fake) − E D(real). */
    public static SDVariable critic(SDVariable dReal, SDVariable dFake) {
        return dFake.mean().sub(dReal.mean());
    }

    /** E D(real) − E D(fake): the critic's W₁ estimate. */
    public static SDVariable estimate(SDVariable dReal, SDVariable dFake) {
        return dReal.mean().sub(dFake.mean());
    }

    /** −E D(fake). */
    public static SDVariable generator(SDVariable dFake) {
        return dFake.mean().neg();
    }
}
