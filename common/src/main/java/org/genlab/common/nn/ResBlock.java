package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A time-conditioned residual block at constant width, as in the DDPM U-Net (Ho et al. 2020, Appendix B):
 * {@code x + conv₂(SiLU(GN₂(conv₁(SiLU(GN₁(x))) + Linear(temb))))} with 3×3 convolutions (stride 1, padding 1, bias).
 * The second convolution starts at zero (DDPM's init_scale 0; score_sde's ddpm.py), so every block starts as the
 * identity and a deeper network starts as the plain U-Net it is added to.
 */
public final class ResBlock {
    private final long channels;
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear time;
    private final GroupNorm norm2;
    private final Conv2d conv2;

    public ResBlock(Scope scope, long channels, long embedDim, long maxGroups) {
        this.channels = channels;
        long groups = GroupNorm.groupsFor(channels, maxGroups);
        this.norm1 = new GroupNorm(scope.child("norm1"), channels, groups);
        this.conv1 = new Conv2d(scope.child("conv1"), channels, channels, 3, 1, 1, true);
        this.time = new Linear(scope.child("temb"), embedDim, channels);
        this.norm2 = new GroupNorm(scope.child("norm2"), channels, groups);
        this.conv2 = new Conv2d(scope.child("conv2"), channels, channels, 3, 1, 1, true, Init.zeros(), Init.zeros());
    }

    /** x [n, c, s, s], temb [n, embedDim] → [n, c, s, s]. */
    public SDVariable apply(SDVariable x, SDVariable temb) {
        SDVariable h = conv1.apply(norm1.applySilu(x));
        h = conv2.apply(norm2.applySilu(h, x.getSameDiff().reshape(time.apply(temb), -1, channels, 1, 1)));
        return x.add(h);
    }
}
