package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Group normalisation (Wu &amp; He 2018) of {@code [n, c, ...]} inputs, built from primitives: each sample's channels
 * are split into g groups, every group is standardised with its own mean and biased variance over
 * (c/g channels × all spatial positions), then a per-channel affine γ ("gamma", init 1) and β ("beta", init 0) is
 * applied. Needs no batch statistics, so it behaves the same at training and evaluation.
 */
public final class GroupNorm implements Module {
    private final long channels;
    private final long groups;
    private final double eps;
    private final SDVariable gamma;
    private final SDVariable beta;

    public GroupNorm(Scope scope, long channels, long groups) {
        this(scope, channels, groups, 1e-5, true);
    }

    public GroupNorm(Scope scope, long channels, long groups, double eps, boolean affine) {
        if (groups <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels cannot be split into " + groups + " groups");
        }
        this.channels = channels;
        this.groups = groups;
        this.eps = eps;
        this.gamma = affine ? scope.param("gamma", Init.constant(1.0), channels, channels, channels) : null;
        this.beta = affine ? scope.param("beta", Init.zeros(), channels, channels, channels) : null;
    }

    @Override
    public SDVariable apply(SDVariable x) {
        SameDiff sd = x.getSameDiff();
        SDVariable grouped = Shapes.keepBatch(sd, x, groups, -1);
        SDVariable mean = grouped.mean(true, 2);
        SDVariable centred = grouped.sub(mean);
        SDVariable var = centred.mul(centred).mean(true, 2);
        SDVariable normed = centred.div(sd.math().sqrt(var.add(eps)));
        if (gamma == null) return sd.reshape(normed, sd.shape(x));
        SDVariable perChannel = Shapes.keepBatch(sd, normed, channels, -1);
        SDVariable y = perChannel.mul(sd.reshape(gamma, 1, channels, 1)).add(sd.reshape(beta, 1, channels, 1));
        return sd.reshape(y, sd.shape(x));
    }

    /** The largest group count ≤ {@code maxGroups} that divides {@code channels} (for configurable widths). */
    public static long groupsFor(long channels, long maxGroups) {
        for (long g = Math.min(channels, maxGroups); g > 1; g--) if (channels % g == 0) return g;
        return 1;
    }
}
