package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

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
    private final ModelGraph graph;

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
        this.graph = scope.graph();
        this.gamma = affine ? scope.param("gamma", Init.constant(1.0), channels, channels, channels) : null;
        this.beta = affine ? scope.param("beta", Init.zeros(), channels, channels, channels) : null;
    }

    @Override
    public SDVariable apply(SDVariable x) {
        return JavaKernels.enabled(x.dataType()) ? kernel(x, false) : composed(x);
    }

    /** SiLU(GroupNorm(x)), the U-Net's normalisation and activation: one Java kernel when available. */
    public SDVariable applySilu(SDVariable x) {
        return JavaKernels.enabled(x.dataType()) ? kernel(x, true) : Activation.SILU.apply(composed(x));
    }

    /**
     * SiLU(GroupNorm(x + shift)) with {@code shift} broadcast onto x, e.g. a per-sample time embedding [n, c, 1, 1]:
     * one Java kernel in place on the sum when available.
     */
    public SDVariable applySilu(SDVariable x, SDVariable shift) {
        if (!JavaKernels.enabled(x.dataType())) return Activation.SILU.apply(composed(x.add(shift)));
        return graph.kernels().applyToSum(x, shift, node(x, true));
    }

    private SDVariable kernel(SDVariable x, boolean silu) {
        return graph.kernels().apply(x, node(x, silu));
    }

    private GroupNormNode node(SDVariable x, boolean silu) {
        if (x.getSameDiff() != graph.sd()) throw new IllegalArgumentException("GroupNorm applied to a variable of another graph");
        return new GroupNormNode(graph, Math.toIntExact(channels), Math.toIntExact(groups), eps, silu,
                gamma == null ? null : gamma.name(), beta == null ? null : beta.name());
    }

    /**
     * The SameDiff composition, used for float64 graphs (gradient checks) and without the Vector API. Built from
     * reductions, matrix products, row-broadcasting adds and same-shape element-wise ops only. libnd4j's backprop
     * of a broadcasting multiply or divide tiles both operands to the full shape one element index at a time
     * ({@code shape::subArrayOffset}), so the obvious form, (x − μ)/σ·γ + β with [n, g, 1] and [1, c, 1] operands,
     * spent 40 of its 100 ms (forward + backward, [64, 32, 28, 28]) in one multiply_bp. Here the per-row scale is
     * spread over its row by a product with a row of ones, whose backprop is a matrix–vector product (5.7 ms for
     * a [2048, 784] multiply, forward and backward, against 37 ms broadcast). Adding or subtracting a [rows, 1]
     * column broadcasts directly: its backprop is a row sum (2.4–2.9 ms, against 4.7–5.6 ms through the product).
     */
    SDVariable composed(SDVariable x) {
        SameDiff sd = x.getSameDiff();
        long perGroup = channels / groups;
        SDVariable shape = sd.shape(x);
        SDVariable nc = sd.slice(shape, new int[]{0}, new int[]{1}).mul(channels);
        SDVariable rows = sd.reshape(x, sd.concat(0, nc, sd.constant(Nd4j.createFromArray(-1L).castTo(shape.dataType()))));
        // rows: [n·c, positions]; v·onesRow spreads a [n·c, 1] column of scales over the positions of each row.
        SDVariable positions = sd.slice(sd.shape(rows), new int[]{1}, new int[]{1});
        SDVariable onesRow = sd.fill(sd.concat(0, sd.constant(Nd4j.createFromArray(1L).castTo(shape.dataType())), positions),
                x.dataType(), 1.0);
        SDVariable onesInGroup = sd.constant(Nd4j.ones(x.dataType(), 1, perGroup));
        // Group statistics from per-channel ones: every channel of a group has the same number of positions.
        SDVariable groupMean = groupAverage(sd, rows.mean(true, 1), perGroup);                          // [n·g, 1]
        SDVariable centred = rows.sub(perChannel(sd, groupMean, onesInGroup));
        SDVariable groupVar = groupAverage(sd, centred.mul(centred).mean(true, 1), perGroup);
        SDVariable invStd = sd.reshape(sd.mmul(sd.math().rsqrt(groupVar.add(eps)), onesInGroup), -1, channels); // [n, c]
        SDVariable y;
        if (gamma == null) {
            y = centred.mul(sd.mmul(sd.reshape(invStd, -1, 1), onesRow));
        } else {
            SDVariable scale = sd.reshape(invStd.mul(sd.reshape(gamma, 1, channels)), -1, 1);            // [n·c, 1]
            SDVariable shift = sd.reshape(sd.zerosLike(invStd).add(sd.reshape(beta, 1, channels)), -1, 1);
            y = centred.mul(sd.mmul(scale, onesRow)).add(shift);
        }
        return sd.reshape(y, shape);
    }

    /** [n·c, 1] per-channel means → [n·g, 1] group means (a mean over a size-1 axis fails in libnd4j's reduce). */
    private static SDVariable groupAverage(SameDiff sd, SDVariable perChannelMeans, long perGroup) {
        return perGroup == 1 ? perChannelMeans : sd.reshape(perChannelMeans, -1, perGroup).mean(true, 1);
    }

    /** [n·g, 1] per-group values → [n·c, 1], each repeated for the channels of its group. */
    private static SDVariable perChannel(SameDiff sd, SDVariable perGroupValues, SDVariable onesInGroup) {
        return sd.reshape(sd.mmul(perGroupValues, onesInGroup), -1, 1);
    }

    /** The largest group count ≤ {@code maxGroups} that divides {@code channels} (for configurable widths). */
    public static long groupsFor(long channels, long maxGroups) {
        for (long g = Math.min(channels, maxGroups); g > 1; g--) if (channels % g == 0) return g;
        return 1;
    }
}
