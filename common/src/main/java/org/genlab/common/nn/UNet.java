package org.genlab.common.nn;

import org.genlab.common.UsageException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small time-conditioned U-Net for square NCHW images, in the spirit of Song's MNIST ScoreNet (MATH.md §4.7)
 * but configurable: {@code apply(x [n, C, S, S], temb [n, E]) → [n, C, S, S]}.
 *
 * <p>Encoder level l (channels[l]): 3×3 conv (stride 1 at level 0, stride 2 with padding 1 below, no bias) →
 * + Linear(temb) broadcast over positions → GroupNorm → SiLU. Decoder, from the bottom up: 3×3 transposed conv
 * (stride 2, padding 1, output padding chosen so sizes mirror the encoder, e.g. 7 → 14) to channels[l−1] →
 * + Linear(temb) → GroupNorm → SiLU → concatenated with the encoder features of level l−1 (skip connection);
 * finally a 3×3 conv maps 2·channels[0] back to C. GroupNorm uses the largest group count ≤ maxGroups dividing
 * the width. With {@code resBlocks > 0} every encoder and decoder level is followed by that many time-conditioned
 * {@link ResBlock}s at its width (the DDPM U-Net's depth); 0 is the plain one-convolution-per-level network. Levels
 * listed in {@code attentionLevels} end, after their residual blocks, in a {@link SelfAttention2d}: on the encoder
 * side, and on the decoder side too except at the deepest level, which has none (DDPM puts attention at 16×16 of
 * 32×32). The time embedding itself (Fourier/sinusoidal features + MLP) and any output scaling (Song divides by the
 * marginal std) belong to the caller.
 */
public final class UNet {
    private final int imageSize;
    private final long[] channels;
    private final List<Conv2d> downConv = new ArrayList<>();
    private final List<Linear> downTime = new ArrayList<>();
    private final List<GroupNorm> downNorm = new ArrayList<>();
    private final List<ConvTranspose2d> upConv = new ArrayList<>();
    private final List<Linear> upTime = new ArrayList<>();
    private final List<GroupNorm> upNorm = new ArrayList<>();
    private final List<List<ResBlock>> downRes = new ArrayList<>();
    private final List<List<ResBlock>> upRes = new ArrayList<>();
    private final List<SelfAttention2d> downAttn = new ArrayList<>();
    private final List<SelfAttention2d> upAttn = new ArrayList<>();
    private final Conv2d outConv;

    public UNet(Scope scope, long inChannels, int imageSize, long[] channels, long embedDim, long maxGroups) {
        this(scope, inChannels, imageSize, channels, embedDim, maxGroups, 0);
    }

    public UNet(Scope scope, long inChannels, int imageSize, long[] channels, long embedDim, long maxGroups, int resBlocks) {
        this(scope, inChannels, imageSize, channels, embedDim, maxGroups, resBlocks, new int[0]);
    }

    /**
     * {@code attentionLevels}: the levels whose encoder and decoder ends get a {@link SelfAttention2d}, 0 = full
     * resolution, negative ones counted from the deepest (−1 = the coarsest level, whatever the depth).
     */
    public UNet(Scope scope, long inChannels, int imageSize, long[] channels, long embedDim, long maxGroups, int resBlocks,
                int[] attentionLevels) {
        if (resBlocks < 0) throw new UsageException("U-Net residual blocks per level must be 0 or more, got " + resBlocks);
        if (channels.length < 1) throw new UsageException("U-Net channels list must not be empty");
        for (long c : channels) if (c <= 0) throw new UsageException("U-Net channels must be positive, got " + c);
        Set<Integer> attend = new HashSet<>();
        for (int given : attentionLevels) {
            int l = given < 0 ? channels.length + given : given;
            if (l < 0 || l >= channels.length) {
                throw new UsageException("U-Net attention level " + given + " does not exist; levels are 0.." + (channels.length - 1)
                        + " (0 = full resolution), or -1.." + (-channels.length) + " counted from the deepest");
            }
            attend.add(l);
        }
        this.imageSize = imageSize;
        this.channels = channels.clone();
        long[] sizes = new long[channels.length];
        long prevC = inChannels;
        for (int l = 0; l < channels.length; l++) {
            Scope s = scope.child("down" + l);
            Conv2d conv = l == 0 ? new Conv2d(s.child("conv"), prevC, channels[l], 3, 1, 1, false)
                    : new Conv2d(s.child("conv"), prevC, channels[l], 3, 2, 1, false);
            sizes[l] = conv.outputSize(l == 0 ? imageSize : sizes[l - 1]);
            downConv.add(conv);
            downTime.add(new Linear(s.child("temb"), embedDim, channels[l]));
            downNorm.add(new GroupNorm(s.child("norm"), channels[l], GroupNorm.groupsFor(channels[l], maxGroups)));
            downRes.add(resBlocks(s, resBlocks, channels[l], embedDim, maxGroups));
            downAttn.add(attend.contains(l) ? new SelfAttention2d(s.child("attn"), channels[l], maxGroups) : null);
            prevC = channels[l];
        }
        for (int l = channels.length - 1; l >= 1; l--) {
            Scope s = scope.child("up" + l);
            long inC = l == channels.length - 1 ? channels[l] : 2 * channels[l];
            int op = ConvTranspose2d.outputPaddingFor(sizes[l], sizes[l - 1], 3, 2, 1);
            upConv.add(new ConvTranspose2d(s.child("tconv"), inC, channels[l - 1], 3, 2, 1, op, false));
            upTime.add(new Linear(s.child("temb"), embedDim, channels[l - 1]));
            upNorm.add(new GroupNorm(s.child("norm"), channels[l - 1], GroupNorm.groupsFor(channels[l - 1], maxGroups)));
            upRes.add(resBlocks(s, resBlocks, channels[l - 1], embedDim, maxGroups));
            upAttn.add(attend.contains(l - 1) ? new SelfAttention2d(s.child("attn"), channels[l - 1], maxGroups) : null);
        }
        long lastIn = channels.length == 1 ? channels[0] : 2 * channels[0];
        this.outConv = new Conv2d(scope.child("out"), lastIn, inChannels, 3, 1, 1, true);
    }

    public SDVariable apply(SDVariable x, SDVariable temb) {
        SameDiff sd = x.getSameDiff();
        List<SDVariable> skips = new ArrayList<>();
        SDVariable h = x;
        for (int l = 0; l < channels.length; l++) {
            h = downConv.get(l).apply(h);
            h = downNorm.get(l).applySilu(h, asBias(sd, downTime.get(l).apply(temb), channels[l]));
            for (ResBlock b : downRes.get(l)) h = b.apply(h, temb);
            if (downAttn.get(l) != null) h = downAttn.get(l).apply(h);
            skips.add(h);
        }
        for (int k = 0; k < upConv.size(); k++) {
            int l = channels.length - 1 - k; // from level l to level l-1
            SDVariable in = k == 0 ? h : sd.concat(1, h, skips.get(l));
            h = upConv.get(k).apply(in);
            h = upNorm.get(k).applySilu(h, asBias(sd, upTime.get(k).apply(temb), channels[l - 1]));
            for (ResBlock b : upRes.get(k)) h = b.apply(h, temb);
            if (upAttn.get(k) != null) h = upAttn.get(k).apply(h);
        }
        SDVariable last = channels.length == 1 ? h : sd.concat(1, h, skips.get(0));
        return outConv.apply(last);
    }

    private static List<ResBlock> resBlocks(Scope level, int count, long width, long embedDim, long maxGroups) {
        List<ResBlock> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) blocks.add(new ResBlock(level.child("res" + i), width, embedDim, maxGroups));
        return blocks;
    }

    /** [n, c] → [n, c, 1, 1] so it broadcasts over positions. */
    private static SDVariable asBias(SameDiff sd, SDVariable v, long c) {
        return sd.reshape(v, -1, c, 1, 1);
    }

    public int imageSize() {
        return imageSize;
    }
}
