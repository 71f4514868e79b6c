package org.genlab.diffusion.nn;

import org.genlab.common.nn.Init;
import org.genlab.common.nn.Linear;
import org.genlab.common.nn.RowScale;
import org.genlab.common.nn.Scope;
import org.genlab.common.nn.UNet;
import org.genlab.diffusion.loss.ScoreNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Score network for square images [n, C, S, S]: the time-conditioned {@link UNet} of common.nn (Song's MNIST
 * ScoreNet in spirit, MATH.md §4.7) fed with the {@link TimeConditioning} embedding, plus a learned input skip:
 * out = UNet(x, temb) + a(t) ⊙ x with a per-channel a(t) = Linear(temb), initialised to 0. Its output is read as ε
 * (s = −out/σ_t), which for VE is score_sde's scale_by_sigma up to the sign.
 * <p>
 * Why the skip: every U-Net level ends in GroupNorm, which removes each group's spatial mean, so the plain U-Net can
 * hardly output the per-image mean (DC) of ε. Measured on Fashion-MNIST (VP, channels [16, 32, 64], 1750 steps):
 * the DC of ε̂ stayed 0, its error equalled the DC of the true noise at every t, and since the reverse process
 * multiplies an unexplained DC by 1/m_T ≈ 150, about 60 % of the samples came out all black or all white. With
 * a(t) the network gets the DC for free where it matters (ε ≈ x_t at large t, a ≈ 1).
 */
public final class ScoreUNet implements ScoreNetwork {
    private final TimeConditioning time;
    private final UNet unet;
    private final Linear skip;
    private final long channels;
    /** Pixels per channel, the row length of the skip's per-channel scale. */
    private final long positions;

    public ScoreUNet(Scope scope, TimeConditioning time, long channelsIn, int imageSize, long[] channels, long embedDim, long maxGroups,
                     int resBlocks, int[] attentionLevels) {
        this.time = time;
        this.channels = channelsIn;
        this.positions = (long) imageSize * imageSize;
        this.unet = new UNet(scope.child("unet"), channelsIn, imageSize, channels, embedDim, maxGroups, resBlocks, attentionLevels);
        this.skip = new Linear(scope.child("skip"), embedDim, channelsIn, true, Init.zeros(), Init.zeros());
    }

    @Override
    public SDVariable apply(SDVariable x, SDVariable t) {
        SDVariable temb = time.apply();
        SDVariable a = skip.apply(temb);
        return unet.apply(x, temb).add(RowScale.apply(a, x, positions));
    }

    @Override
    public Map<String, INDArray> feeds(double[] t) {
        return time.feeds(t, false);   // the skip a(t)·x scales row by row (RowScale): one temb row per sample
    }
}
