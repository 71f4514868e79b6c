package org.genlab.gan.penalty;

import org.genlab.common.UsageException;
import org.genlab.common.nn.Activation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;

/**
 * A gradient penalty of a given kind and weight, built from input gradients that are ordinary forward graphs
 * ({@link org.genlab.gan.nn.Critic#inputGradient}), so that one backward pass yields its exact gradient with respect
 * to every critic weight (MATH.md §8.1a; SameDiff has no double backprop). The norm is taken per sample over all
 * input dimensions; a tiny δ under the square root keeps its derivative finite at a zero gradient.
 *
 * @param weight λ for the Lipschitz penalties, k for DIV
 * @param power  p for DIV (ignored otherwise)
 */
public record GradientPenalty(PenaltyKind kind, double weight, double power) {
    /** δ in ‖g‖ = √(Σg² + δ). */
    public static final double NORM_DELTA = 1e-12;

    public GradientPenalty {
        if (kind != PenaltyKind.NONE && (!(weight > 0) || !Double.isFinite(weight))) {
            throw new UsageException("gradient penalty weight must be a positive number, got " + weight);
        }
        if (kind == PenaltyKind.DIV && !(power > 1)) {
            throw new UsageException("WGAN-div needs p > 1 (MATH.md §5.3), got " + power);
        }
    }

    public static GradientPenalty none() {
        return new GradientPenalty(PenaltyKind.NONE, 1.0, 2.0);
    }

    /** Per-sample squared norms Σ_dims g² of an [n, d] gradient, shape [n]. */
    public static SDVariable squaredNorms(SDVariable grad) {
        return grad.mul(grad).sum(1);
    }

    /** Per-sample norms √(Σ g² + δ), shape [n]. */
    public static SDVariable norms(SDVariable grad) {
        return grad.getSameDiff().math().sqrt(squaredNorms(grad).add(NORM_DELTA));
    }

    /**
     * The penalty: the mean of the per-point term over all rows of all given gradients (for DIV on real and fake
     * samples this is k/2·mean(‖∇D(x)‖^p + ‖∇D(x̃)‖^p), Su's form), times the weight.
     */
    public SDVariable build(List<SDVariable> grads) {
        if (kind == PenaltyKind.NONE) throw new IllegalStateException("no penalty to build");
        SameDiff sd = grads.get(0).getSameDiff();
        SDVariable total = null;
        for (SDVariable g : grads) {
            SDVariable term = perPoint(sd, g).mean();
            total = total == null ? term : total.add(term);
        }
        return total.mul(weight / grads.size());
    }

    private SDVariable perPoint(SameDiff sd, SDVariable g) {
        return switch (kind) {
            case TWO_SIDED -> {
                SDVariable d = norms(g).sub(1.0);
                yield d.mul(d);
            }
            case ONE_SIDED -> {
                SDVariable d = Activation.relu(norms(g).sub(1.0));
                yield d.mul(d);
            }
            case LINEAR_HINGE -> Activation.relu(norms(g).sub(1.0));
            // ‖g‖^p = (Σg²)^{p/2}: no square root, smooth at g = 0
            case DIV -> squaredNorms(g).pow(power / 2.0);
            case NONE -> throw new IllegalStateException();
        };
    }

    /** The penalty computed in Java from per-sample gradient rows (a reference for tests and diagnostics). */
    public double value(List<double[][]> grads) {
        double total = 0;
        for (double[][] g : grads) {
            double s = 0;
            for (double[] row : g) {
                double sq = 0;
                for (double v : row) sq += v * v;
                double nrm = Math.sqrt(sq + NORM_DELTA);
                s += switch (kind) {
                    case TWO_SIDED -> (nrm - 1) * (nrm - 1);
                    case ONE_SIDED -> Math.max(nrm - 1, 0) * Math.max(nrm - 1, 0);
                    case LINEAR_HINGE -> Math.max(nrm - 1, 0);
                    case DIV -> Math.pow(sq, power / 2.0);
                    case NONE -> 0;
                };
            }
            total += s / g.length;
        }
        return kind == PenaltyKind.NONE ? 0 : weight * total / grads.size();
    }
}
