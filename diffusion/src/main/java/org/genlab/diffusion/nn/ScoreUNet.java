package org.genlab.diffusion.nn;

import org.genlab.common.nn.Scope;
import org.genlab.common.nn.UNet;
import org.genlab.diffusion.loss.ScoreNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Score network for square images [n, C, S, S]: the time-conditioned {@link UNet} of common.nn (Song's MNIST
 * ScoreNet in spirit, MATH.md §4.7) fed with the {@link TimeConditioning} embedding. Its output is read as ε
 * (s = −out/σ_t), which for VE is score_sde's scale_by_sigma up to the sign.
 */
public final class ScoreUNet implements ScoreNetwork {
    private final TimeConditioning time;
    private final UNet unet;

    public ScoreUNet(Scope scope, TimeConditioning time, long channelsIn, int imageSize, long[] channels, long embedDim, long maxGroups) {
        this.time = time;
        this.unet = new UNet(scope.child("unet"), channelsIn, imageSize, channels, embedDim, maxGroups);
    }

    @Override
    public SDVariable apply(SDVariable x, SDVariable t) {
        return unet.apply(x, time.apply());
    }

    @Override
    public Map<String, INDArray> feeds(double[] t) {
        return time.feeds(t);
    }
}
