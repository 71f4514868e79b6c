package org.genlab.diffusion.nn;

import org.genlab.common.UsageException;
import org.genlab.common.nn.Scope;
import org.genlab.diffusion.loss.ScoreNetwork;
import org.genlab.diffusion.sde.Sde;

import java.util.Arrays;

/**
 * What score network to build: an {@link ScoreMlp} for flat samples [n, d] or a {@link ScoreUNet} for images
 * [n, C, S, S], with its widths and time embedding. Like {@code channels}, {@code resBlocks} and {@code attention}
 * (U-Net levels, negative ones from the deepest) shape U-Nets only; an MLP ignores them, as a U-Net ignores
 * {@code hidden}. {@link #build} creates the parameters under a scope; building the same spec under equally named
 * scopes of two graphs gives identically named parameters (the training graph and the inference graph of
 * {@link NetworkScore}).
 */
public record NetSpec(String kind, long[] hidden, long[] channels, int embedDim, String embedding, double fourierScale,
                      int groups, int resBlocks, int[] attention) {
    public static final String MLP = "mlp", UNET = "unet";

    public NetSpec {
        if (!kind.equals(MLP) && !kind.equals(UNET)) throw new UsageException("net.kind must be mlp or unet, got '" + kind + "'");
        if (groups < 1) throw new UsageException("net.groups must be at least 1, got " + groups);
        if (resBlocks < 0) throw new UsageException("net.res_blocks must be 0 or more, got " + resBlocks);
        hidden = hidden.clone();
        channels = channels.clone();
        attention = attention.clone();
    }

    /** A spec without residual blocks or attention: the plain U-Net (for MLPs, the only kind). */
    public NetSpec(String kind, long[] hidden, long[] channels, int embedDim, String embedding, double fourierScale, int groups) {
        this(kind, hidden, channels, embedDim, embedding, fourierScale, groups, 0, new int[0]);
    }

    /** The network for samples of {@code sampleShape} (without the batch dimension). */
    public ScoreNetwork build(Scope scope, Sde sde, long[] sampleShape) {
        TimeConditioning time = new TimeConditioning(scope.child("time"), sde, TimeConditioning.Kind.parse(embedding, sde),
                embedDim, fourierScale);
        if (kind.equals(MLP)) {
            if (sampleShape.length != 1) {
                throw new UsageException("net.kind=mlp takes flat samples, got shape " + Arrays.toString(sampleShape) + "; use net.kind=unet for images");
            }
            return new ScoreMlp(scope.child("mlp"), time, sampleShape[0], hidden, embedDim);
        }
        if (sampleShape.length != 3 || sampleShape[1] != sampleShape[2]) {
            throw new UsageException("net.kind=unet takes square images [C, S, S], got shape " + Arrays.toString(sampleShape)
                    + "; use net.kind=mlp for 2-D data");
        }
        return new ScoreUNet(scope, time, sampleShape[0], (int) sampleShape[1], channels, embedDim, groups, resBlocks, attention);
    }

    @Override
    public String toString() {
        return kind.equals(MLP) ? "mlp" + Arrays.toString(hidden)
                : "unet" + Arrays.toString(channels) + (resBlocks > 0 ? "x" + resBlocks + "res" : "")
                + (attention.length > 0 ? "+attn" + Arrays.toString(attention) : "");
    }
}
