package org.genlab.gan.model;

/**
 * What the critic estimates: the Kantorovich–Rubinstein dual E D(x) − E D(x̃) of WGAN (with a Lipschitz constraint
 * or penalty), or the minibatch c-transform dual of (q,p)-WGAN (MATH.md §5.7).
 */
public enum Objective {
    WASSERSTEIN,
    C_TRANSFORM
}
