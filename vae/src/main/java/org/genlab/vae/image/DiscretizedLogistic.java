package org.genlab.vae.image;

import org.genlab.common.nn.Activation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * −log P(x | μ, s) per element for the discretised logistic of PixelCNN++ / IAF: pixels x ∈ {0, 1/L, …, 1} (L grey
 * levels above 0, 255 for MNIST), each the logistic mass of its bin [x − h, x + h] with h = 1/(2L); the edge bins
 * extend to ±∞ (x = 0 gets σ((h − μ)/s), x = 1 gets 1 − σ((1 − h − μ)/s)). Per-pixel μ and log s come from the
 * decoder; log s is clamped below at {@link #MIN_LOG_SCALE} (PixelCNN++ uses −7).
 *
 * <p>Built from primitives so it is stable in float without PixelCNN++'s "cdf_delta &lt; 1e-5 → density × bin width"
 * fallback: the logistic is symmetric, so the inner bin mass is computed at a = −|x − μ| ≤ 0, where both CDF values
 * lie in the lower tail, and in log space:
 * log(σ(u) − σ(v)) = log σ(u) + log(−expm1(log σ(v) − log σ(u))), u = (a + h)/s, v = (a − h)/s,
 * with log σ(t) = −softplus(−t) (overflow-free softplus). Every branch is finite everywhere, so the three cases are
 * mixed with 0/1 masks computed from x (no NaN leaks through a masked-out branch).
 */
public final class DiscretizedLogistic {
    /** Lower clamp of log s. */
    public static final double MIN_LOG_SCALE = -7.0;

    private DiscretizedLogistic() {
    }

    /** Half the bin width for L grey levels above 0. */
    public static double halfBin(int levels) {
        return 0.5 / levels;
    }

    /** Element-wise −log P(x | μ, s) (same shape as x); sum over pixels for the per-image value. */
    public static SDVariable negLogMass(SDVariable x, SDVariable mu, SDVariable logScaleRaw, int levels) {
        SameDiff sd = x.getSameDiff();
        double h = halfBin(levels);
        SDVariable logS = sd.math().max(logScaleRaw, sd.constant(MIN_LOG_SCALE).castTo(logScaleRaw.dataType()));
        SDVariable invS = sd.math().exp(logS.neg());
        SDVariable centered = x.sub(mu);
        // edges: log σ((x + h − μ)/s) for the first bin, log(1 − σ((x − h − μ)/s)) = log σ(−(x − h − μ)/s) for the last
        SDVariable logCdfPlus = logSigmoid(centered.add(h).mul(invS));
        SDVariable logOneMinusCdfMin = logSigmoid(centered.sub(h).mul(invS).neg());
        // inner bins, reflected into the lower tail
        SDVariable a = sd.math().abs(centered).neg();
        SDVariable lsU = logSigmoid(a.add(h).mul(invS));
        SDVariable lsV = logSigmoid(a.sub(h).mul(invS));
        // the floor only matters for s so large (≳ 1e4) that the two CDF values round to the same float
        SDVariable gap = sd.math().max(sd.math().expm1(lsV.sub(lsU)).neg(), sd.constant(1e-30).castTo(x.dataType()));
        SDVariable logMid = lsU.add(sd.math().log(gap));
        // masks from the data only (x is a placeholder: no gradient flows through them)
        SDVariable left = sd.lt(x, h).castTo(x.dataType());
        SDVariable right = sd.gt(x, 1.0 - h).castTo(x.dataType());
        SDVariable mid = left.add(right).rsub(1.0);
        SDVariable logP = left.mul(logCdfPlus).add(right.mul(logOneMinusCdfMin)).add(mid.mul(logMid));
        return logP.neg();
    }

    /** log σ(t) = −softplus(−t), finite for every float t. */
    static SDVariable logSigmoid(SDVariable t) {
        return Activation.softplus(t.neg()).neg();
    }
}
