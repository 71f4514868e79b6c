package org.genlab.diffusion.sampling;

import org.genlab.diffusion.sde.Sde;
import org.genlab.diffusion.sde.SubVpSde;
import org.genlab.diffusion.sde.VpSde;

/** α_i of the Langevin step sizes (MATH.md §4.5): 1 − β_i of the DDPM schedule for VP and sub-VP, 1 otherwise. */
final class LangevinAlpha {
    private LangevinAlpha() {
    }

    static double of(Sde sde, double t) {
        if (sde instanceof VpSde vp) return 1 - vp.discreteBeta(vp.timestepIndex(t));
        if (sde instanceof SubVpSde sub) return 1 - sub.discreteBeta(sub.timestepIndex(t));
        return 1.0;
    }
}
