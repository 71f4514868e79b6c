package org.genlab.common.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;

/**
 * GroupNorm with an optional SiLU after it, forward and backward, on float32 data laid out as
 * [n, channels, positions]: inputs and outputs are ND4J's native buffers (native byte order), read and written in
 * place (copying them to the heap and back cost a quarter of the time), x̂ and the SiLU's slope heap arrays. Written
 * by hand because libnd4j has no usable fused kernel (docs/benchmarks.md): the same block composed from SameDiff ops
 * takes about 30 full-tensor passes.
 *
 * <p>Forward: x̂ = (x − μ_g)·r_g with r_g = 1/√(σ²_g + ε) (biased variance over the group's channels × positions),
 * z = γ_c·x̂ + β_c, out = z·σ(z) (or z); a training pass keeps x̂ and, with SiLU, its slope f′(z) (Pointwise), so
 * the backward pass takes no exponential. Backward, per group with N = channels per group × positions:
 * dz = dout·f′(z), dβ_c = Σ dz, dγ_c = Σ dz·x̂, and with dx̂ = γ_c·dz,
 * dx = r_g·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) (Wu &amp; He 2018, the standard normalisation backprop).
 *
 * <p>Every sum runs over one sample in a fixed order, and dγ, dβ are returned per sample for the caller to add in
 * sample order: results do not depend on how samples are split over threads. Each vector loop is a method that C2
 * compiles on its own, with every Vector API call inlined ({@link VectorLoopDirectives}).
 */
final class GroupNormKernel {
    private static final VectorSpecies<Float> SP = Lanes.SP;

    private final int channels;
    private final int groups;
    private final int perGroup;
    private final float eps;
    private final boolean silu;

    GroupNormKernel(int channels, int groups, double eps, boolean silu) {
        this.channels = channels;
        this.groups = groups;
        this.perGroup = channels / groups;
        this.eps = (float) eps;
        this.silu = silu;
    }

    /**
     * out = act(γ·x̂ + β) for samples [from, to) of {@code positions} positions per channel; x̂ goes to
     * {@code xhat} and the SiLU's slope to {@code slope} when they are not null (the backward pass needs them), r_g
     * to {@code rstd[sample·groups + g]}. Ranges of samples touch disjoint elements, so they can run in parallel.
     */
    void forward(ByteBuffer x, int positions, float[] gamma, float[] beta, ByteBuffer out, float[] xhat, float[] slope,
                 float[] rstd, int from, int to) {
        int len = perGroup * positions;
        float[] scratch = new float[SP.length()];
        for (int s = from; s < to; s++) {
            for (int g = 0; g < groups; g++) {
                int base = (s * channels + g * perGroup) * positions;
                float mu = (float) (sum(x, base, len, scratch) / len);
                float r = (float) (1.0 / Math.sqrt(squaredDeviations(x, base, len, mu, scratch) / len + eps));
                rstd[s * groups + g] = r;
                for (int c = 0; c < perGroup; c++) {
                    int ch = g * perGroup + c, o = base + c * positions;
                    normalize(x, o, o + positions, mu, r, gamma[ch], beta[ch], out, xhat);
                    if (silu) {   // the pointwise SiLU kernel's loops, in place; its slope into slope when that is not null
                        int end = o + positions;
                        PointwiseNode.tail(Pointwise.SILU, out, out, slope, PointwiseNode.silu(out, out, slope, o, end), end);
                    }
                }
            }
        }
    }

    /**
     * dx for samples [from, to) from dout and the forward pass's x̂, slope and r; each sample's dγ_c and dβ_c go to
     * {@code dgamma[sample·channels + c]} and {@code dbeta[…]}, and Σ dx over each channel's positions to
     * {@code dxSums[…]} (the gradient of a per-sample, per-channel shift added before the norm). {@code dx} may be
     * the same array as {@code dout}.
     */
    void backward(ByteBuffer dout, float[] xhat, float[] slope, int positions, float[] gamma, float[] rstd, ByteBuffer dx,
                  float[] dgamma, float[] dbeta, float[] dxSums, int from, int to) {
        int len = perGroup * positions;
        float[] sums = new float[2], scratch = new float[SP.length()];
        for (int s = from; s < to; s++) {
            for (int g = 0; g < groups; g++) {
                int base = (s * channels + g * perGroup) * positions;
                double sumDxh = 0, sumDxhXh = 0;
                for (int c = 0; c < perGroup; c++) {
                    int ch = g * perGroup + c, o = base + c * positions;
                    dz(dout, silu ? slope : null, xhat, o, o + positions, dx, sums, scratch);
                    dbeta[s * channels + ch] = sums[0];
                    dgamma[s * channels + ch] = sums[1];
                    sumDxh += gamma[ch] * (double) sums[0];
                    sumDxhXh += gamma[ch] * (double) sums[1];
                }
                float r = rstd[s * groups + g];
                float m1 = (float) (sumDxh / len), m2 = (float) (sumDxhXh / len);
                for (int c = 0; c < perGroup; c++) {
                    int ch = g * perGroup + c, o = base + c * positions;
                    dxSums[s * channels + ch] = dx(dx, xhat, o, o + positions, gamma[ch], m1, m2, r, scratch);
                }
            }
        }
    }

    /** z = γ·(x − μ)·r + β into {@code out[o, end)}, x̂ = (x − μ)·r into {@code xhat} when that is not null. */
    private static void normalize(ByteBuffer x, int o, int end, float mu, float r, float ga, float be, ByteBuffer out, float[] xhat) {
        int i = o;
        for (int bound = o + SP.loopBound(end - o); i < bound; i += SP.length()) {
            FloatVector xh = Lanes.load(x, i).sub(mu).mul(r);
            if (xhat != null) xh.intoArray(xhat, i);
            Lanes.store(xh.fma(ga, be), out, i);
        }
        for (; i < end; i++) {
            float xh = (x.getFloat(i << 2) - mu) * r;
            if (xhat != null) xhat[i] = xh;
            out.putFloat(i << 2, xh * ga + be);
        }
    }

    /** dz = dout·slope (dout without an activation: slope null) into {@code dz[o, end)}; {Σ dz, Σ dz·x̂} into {@code sums}. */
    private static void dz(ByteBuffer dout, float[] slope, float[] xhat, int o, int end, ByteBuffer dz, float[] sums, float[] scratch) {
        FloatVector accD = FloatVector.zero(SP), accDx = FloatVector.zero(SP);
        int i = o;
        for (int bound = o + SP.loopBound(end - o); i < bound; i += SP.length()) {
            FloatVector d = Lanes.load(dout, i);
            if (slope != null) d = d.mul(FloatVector.fromArray(SP, slope, i));
            Lanes.store(d, dz, i);
            accD = accD.add(d);
            accDx = d.fma(FloatVector.fromArray(SP, xhat, i), accDx);
        }
        float sumD = Lanes.sum(accD, scratch), sumDx = Lanes.sum(accDx, scratch);
        for (; i < end; i++) {
            float d = dout.getFloat(i << 2);
            if (slope != null) d *= slope[i];
            dz.putFloat(i << 2, d);
            sumD += d;
            sumDx += d * xhat[i];
        }
        sums[0] = sumD;
        sums[1] = sumDx;
    }

    /** dx = r·(γ·dz − m1 − x̂·m2) in place over dz = {@code dx[o, end)}; returns Σ dx. */
    private static float dx(ByteBuffer dx, float[] xhat, int o, int end, float ga, float m1, float m2, float r, float[] scratch) {
        FloatVector acc = FloatVector.zero(SP);
        int i = o;
        for (int bound = o + SP.loopBound(end - o); i < bound; i += SP.length()) {
            FloatVector xh = FloatVector.fromArray(SP, xhat, i);
            FloatVector v = Lanes.load(dx, i).mul(ga).sub(m1).sub(xh.mul(m2)).mul(r);
            Lanes.store(v, dx, i);
            acc = acc.add(v);
        }
        float sum = Lanes.sum(acc, scratch);
        for (; i < end; i++) {
            float v = r * (dx.getFloat(i << 2) * ga - m1 - xhat[i] * m2);
            dx.putFloat(i << 2, v);
            sum += v;
        }
        return sum;
    }

    private static double sum(ByteBuffer x, int base, int len, float[] scratch) {
        FloatVector acc = FloatVector.zero(SP);
        int i = base, end = base + len;
        for (int bound = base + SP.loopBound(len); i < bound; i += SP.length()) acc = acc.add(Lanes.load(x, i));
        double s = Lanes.sum(acc, scratch);
        for (; i < end; i++) s += x.getFloat(i << 2);
        return s;
    }

    private static double squaredDeviations(ByteBuffer x, int base, int len, float mu, float[] scratch) {
        FloatVector acc = FloatVector.zero(SP);
        int i = base, end = base + len;
        for (int bound = base + SP.loopBound(len); i < bound; i += SP.length()) {
            FloatVector d = Lanes.load(x, i).sub(mu);
            acc = d.fma(d, acc);
        }
        double s = Lanes.sum(acc, scratch);
        for (; i < end; i++) {
            double d = x.getFloat(i << 2) - mu;
            s += d * d;
        }
        return s;
    }
}
