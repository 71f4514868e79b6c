package org.genlab.gan.model;

import org.genlab.gan.penalty.PenaltyKind;

/**
 * The WGAN variants the CLI offers, each a preset of constraint, penalty, objective and optimiser (MATH.md §5):
 * every preset can be changed key by key (gan.constraint, gan.penalty, gan.objective, train.*).
 */
public enum Variant {
    CLIP("wgan-clip", "WGAN with weight clipping to [-c, c] after every critic step (RMSProp 5e-5, c = 0.01)",
            "clip", PenaltyKind.NONE, Objective.WASSERSTEIN, "rmsprop", 5e-5, 0.9, 0.999),
    GP("wgan-gp", "WGAN-GP: two-sided gradient penalty at real-fake interpolates (Adam 1e-4, 0.5, 0.9)",
            "none", PenaltyKind.TWO_SIDED, Objective.WASSERSTEIN, "adam", 1e-4, 0.5, 0.9),
    LP("wgan-lp", "WGAN-LP: one-sided penalty max(|grad D| - 1, 0)^2 (or Su's linear hinge via gan.penalty)",
            "none", PenaltyKind.ONE_SIDED, Objective.WASSERSTEIN, "adam", 1e-4, 0.5, 0.9),
    DIV("wgan-div", "WGAN-div: k E|grad D|^p on real and fake samples, k = 2, p = 6 (Adam 2e-4, 0.5, 0.999)",
            "none", PenaltyKind.DIV, Objective.WASSERSTEIN, "adam", 2e-4, 0.5, 0.999),
    SN("wgan-sn", "WGAN with spectrally normalised critic layers (power iteration, Adam 2e-4, 0.5, 0.999)",
            "sn", PenaltyKind.NONE, Objective.WASSERSTEIN, "adam", 2e-4, 0.5, 0.999),
    CT("wgan-ct", "c-transform WGAN / (q,p)-WGAN with the minibatch c-transform (Mallasto et al.)",
            "none", PenaltyKind.NONE, Objective.C_TRANSFORM, "adam", 1e-4, 0.5, 0.999);

    private final String modelName;
    private final String summary;
    private final String constraint;
    private final PenaltyKind penalty;
    private final Objective objective;
    private final String optimizer;
    private final double lr, beta1, beta2;

    Variant(String modelName, String summary, String constraint, PenaltyKind penalty, Objective objective,
            String optimizer, double lr, double beta1, double beta2) {
        this.modelName = modelName;
        this.summary = summary;
        this.constraint = constraint;
        this.penalty = penalty;
        this.objective = objective;
        this.optimizer = optimizer;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    public String modelName() {
        return modelName;
    }

    public String summary() {
        return summary;
    }

    public String constraint() {
        return constraint;
    }

    public PenaltyKind penalty() {
        return penalty;
    }

    public Objective objective() {
        return objective;
    }

    public String optimizer() {
        return optimizer;
    }

    public double lr() {
        return lr;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }
}
