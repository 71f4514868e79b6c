package org.genlab.gan.nn;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Init;

import java.util.List;

/** The tiny critics the gradient tests use. */
public final class CriticSpecs {
    private CriticSpecs() {
    }

    /** 2 → 8 → 8 → 1. */
    public static Critic.Spec mlp(CriticActivation a, boolean spectral) {
        return Critic.Spec.mlp(2, new long[]{8, 8}, a, Init.normal(0.6), spectral);
    }

    /** 1×6×6 → conv 3ch k3 s2 p1 (3×3) → conv 2ch k3 s1 p1 (3×3) → fc 4 → 1. */
    public static Critic.Spec conv6(CriticActivation a, boolean spectral) {
        return new Critic.Spec(new long[]{1, 6, 6}, 36,
                List.of(new Critic.Conv(3, 3, 2, 1), new Critic.Conv(2, 3, 1, 1)), new long[]{4}, a,
                Init.normal(0.4), spectral);
    }

    /** 1×7×7 → conv 2ch k4 s2 p0 (2×2; its last input row/column is never read) → 1. */
    public static Critic.Spec conv7(CriticActivation a) {
        return new Critic.Spec(new long[]{1, 7, 7}, 49, List.of(new Critic.Conv(2, 4, 2, 0)), new long[0], a,
                Init.normal(0.4), false);
    }

    public static CriticActivation relu() {
        return CriticActivation.of(Activation.RELU);
    }

    public static CriticActivation leaky() {
        return CriticActivation.leakyRelu(0.2);
    }
}
