package org.genlab.diffusion.sampling;

import org.genlab.diffusion.sde.LinearBetaSde;
import org.genlab.diffusion.sde.Sde;

/** α_i of the Langevin step sizes (MATH.md §4.5): 1 − β_i of the DDPM schedule for VP and sub-VP, 1 otherwise. */
final class LangevinAlpha {
    private LangevinAlpha() {
    }

    static double of(Sde sde, double t) {
        return sde instanceof LinearBetaSde b ? 1 - b.discreteBeta(b.timestepIndex(t)) : 1.0;
    }
}
