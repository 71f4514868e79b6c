package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Single-head spatial self-attention with a residual path, as in the DDPM U-Net (Ho et al. 2020, Appendix B; its
 * AttnBlock): {@code x + proj(V·softmax(QᵀK/√c)ᵀ)} where Q, K, V are 1×1 convolutions of GroupNorm(x) and every
 * position attends to every other one. One such layer at a U-Net's coarsest level gives every output pixel the whole
 * image as its receptive field. The output projection starts at zero, so the block starts as the identity. Cost is
 * quadratic in positions, which is why it sits at 7×7 (49 positions) for 28×28 images, not at full resolution.
 */
public final class SelfAttention2d {
    private final long channels;
    private final GroupNorm norm;
    private final Conv2d qkv;
    private final Conv2d proj;

    public SelfAttention2d(Scope scope, long channels, long maxGroups) {
        this.channels = channels;
        this.norm = new GroupNorm(scope.child("norm"), channels, GroupNorm.groupsFor(channels, maxGroups));
        this.qkv = new Conv2d(scope.child("qkv"), channels, 3 * channels, 1, 1, 0, true);
        this.proj = new Conv2d(scope.child("proj"), channels, channels, 1, 1, 0, true, Init.zeros(), Init.zeros());
    }

    /** x [n, c, h, w] → [n, c, h, w]. */
    public SDVariable apply(SDVariable x) {
        SameDiff sd = x.getSameDiff();
        SDVariable[] qkvs = sd.unstack(Shapes.keepBatch(sd, qkv.apply(norm.apply(x)), 3, channels, -1), 1, 3); // 3 × [n, c, hw]
        SDVariable logits = sd.mmul(qkvs[0], qkvs[1], true, false, false).mul(1.0 / Math.sqrt(channels)); // [n, hw_q, hw_k]
        SDVariable weights = sd.nn().softmax(logits, 2);
        SDVariable attended = sd.mmul(qkvs[2], weights, false, true, false); // [n, c, hw_q]
        return x.add(proj.apply(sd.reshape(attended, sd.shape(x))));
    }
}
