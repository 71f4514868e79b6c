package org.genlab.common.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;

/**
 * GroupNorm with an optional SiLU after it, forward and backward, on float32 data laid out as
 * [n, channels, positions]: inputs and outputs are ND4J's native buffers (native byte order), read and written in
 * place (copying them to the heap and back cost a quarter of the time), x̂ a heap array. Written by hand because
 * libnd4j has no usable fused kernel (docs/benchmarks.md): the same block composed from SameDiff ops takes about 30 full-tensor passes, this takes about three per direction.
 * The Vector API vectorises the SiLU's {@code exp}, which {@code Math.exp} would keep scalar (30 against 10 ms for
 * [64, 32, 28, 28], forward and backward, bench/GnSiluVectorProbe.java).
 *
 * <p>Forward: x̂ = (x − μ_g)·r_g with r_g = 1/√(σ²_g + ε) (biased variance over the group's channels × positions),
 * z = γ_c·x̂ + β_c, out = z·σ(z) (or z). Backward, per group with N = channels per group × positions:
 * dz = dout·σ(z)·(1 + z·(1 − σ(z))), dβ_c = Σ dz, dγ_c = Σ dz·x̂, and with dx̂ = γ_c·dz,
 * dx = r_g·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) (Wu &amp; He 2018, the standard normalisation backprop).
 */
final class GroupNormKernel {
    private static final VectorSpecies<Float> SP = Lanes.SP;

    private final int channels;
    private final int groups;
    private final int perGroup;
    private final float eps;
    /** The activation after the norm: SiLU, or null for none. */
    private final Pointwise act;

    GroupNormKernel(int channels, int groups, double eps, boolean silu) {
        this.channels = channels;
        this.groups = groups;
        this.perGroup = channels / groups;
        this.eps = (float) eps;
        this.act = silu ? Pointwise.SILU : null;
    }

    /**
     * out = act(γ·x̂ + β) for samples [from, to) of {@code positions} positions per channel; x̂ goes to
     * {@code xhat} when it is not null (the backward pass needs it), and r_g to {@code rstd[sample·groups + g]}.
     * Ranges of samples touch disjoint elements, so they can run in parallel.
     */
    void forward(ByteBuffer x, int positions, float[] gamma, float[] beta, ByteBuffer out, float[] xhat, float[] rstd, int from, int to) {
        int len = perGroup * positions;
        for (int s = from; s < to; s++) {
            for (int g = 0; g < groups; g++) {
                int base = (s * channels + g * perGroup) * positions;
                float mu = (float) (sum(x, base, len) / len);
                float r = (float) (1.0 / Math.sqrt(squaredDeviations(x, base, len, mu) / len + eps));
                rstd[s * groups + g] = r;
                for (int c = 0; c < perGroup; c++) {
                    int ch = g * perGroup + c, o = base + c * positions, end = o + positions;
                    float ga = gamma[ch], be = beta[ch];
                    int i = o;
                    for (int bound = o + SP.loopBound(positions); i < bound; i += SP.length()) {
                        FloatVector xh = Lanes.load(x, i).sub(mu).mul(r);
                        if (xhat != null) xh.intoArray(xhat, i);
                        FloatVector z = xh.fma(ga, be);
                        Lanes.store(act == null ? z : act.f(z), out, i);
                    }
                    for (; i < end; i++) {
                        float xh = (x.getFloat(i << 2) - mu) * r;
                        if (xhat != null) xhat[i] = xh;
                        float z = xh * ga + be;
                        out.putFloat(i << 2, act == null ? z : act.f(z));
                    }
                }
            }
        }
    }

    /**
     * dx for samples [from, to) from dout and the forward pass's x̂ and r; their dγ and dβ are added to
     * {@code dgamma} and {@code dbeta} (one pair per parallel range), and Σ dx over each channel's positions goes
     * to {@code dxSums[sample·channels + c]} (the gradient of a per-sample, per-channel shift added before the norm).
     * {@code dx} may be the same array as {@code dout}.
     */
    void backward(ByteBuffer dout, float[] xhat, int positions, float[] gamma, float[] beta, float[] rstd,
                  ByteBuffer dx, double[] dgamma, double[] dbeta, float[] dxSums, int from, int to) {
        int len = perGroup * positions;
        float[] sums = new float[2];
        for (int s = from; s < to; s++) {
            for (int g = 0; g < groups; g++) {
                int base = (s * channels + g * perGroup) * positions;
                double sumDxh = 0, sumDxhXh = 0;
                for (int c = 0; c < perGroup; c++) {
                    int ch = g * perGroup + c, o = base + c * positions;
                    dz(dout, xhat, o, positions, gamma[ch], beta[ch], dx, sums);
                    dbeta[ch] += sums[0];
                    dgamma[ch] += sums[1];
                    sumDxh += gamma[ch] * (double) sums[0];
                    sumDxhXh += gamma[ch] * (double) sums[1];
                }
                float r = rstd[s * groups + g];
                float m1 = (float) (sumDxh / len), m2 = (float) (sumDxhXh / len);
                for (int c = 0; c < perGroup; c++) {
                    int ch = g * perGroup + c, o = base + c * positions, end = o + positions;
                    float ga = gamma[ch];
                    int i = o;
                    FloatVector acc = FloatVector.zero(SP);
                    for (int bound = o + SP.loopBound(positions); i < bound; i += SP.length()) {
                        FloatVector xh = FloatVector.fromArray(SP, xhat, i);
                        FloatVector v = Lanes.load(dx, i).mul(ga).sub(m1).sub(xh.mul(m2)).mul(r);
                        Lanes.store(v, dx, i);
                        acc = acc.add(v);
                    }
                    float sum = acc.reduceLanes(VectorOperators.ADD);
                    for (; i < end; i++) {
                        float v = r * (dx.getFloat(i << 2) * ga - m1 - xhat[i] * m2);
                        dx.putFloat(i << 2, v);
                        sum += v;
                    }
                    dxSums[s * channels + ch] = sum;
                }
            }
        }
    }

    /** dz of one channel into {@code dz[o, o + positions)}; {Σ dz, Σ dz·x̂} into {@code sums}. */
    private void dz(ByteBuffer dout, float[] xhat, int o, int positions, float ga, float be, ByteBuffer dz, float[] sums) {
        FloatVector accD = FloatVector.zero(SP), accDx = FloatVector.zero(SP);
        int i = o, end = o + positions;
        for (int bound = o + SP.loopBound(positions); i < bound; i += SP.length()) {
            FloatVector xh = FloatVector.fromArray(SP, xhat, i);
            FloatVector d = Lanes.load(dout, i);
            if (act != null) d = d.mul(act.df(xh.fma(ga, be)));
            Lanes.store(d, dz, i);
            accD = accD.add(d);
            accDx = d.fma(xh, accDx);
        }
        float sumD = accD.reduceLanes(VectorOperators.ADD), sumDx = accDx.reduceLanes(VectorOperators.ADD);
        for (; i < end; i++) {
            float d = dout.getFloat(i << 2);
            if (act != null) d *= act.df(xhat[i] * ga + be);
            dz.putFloat(i << 2, d);
            sumD += d;
            sumDx += d * xhat[i];
        }
        sums[0] = sumD;
        sums[1] = sumDx;
    }

    private static double sum(ByteBuffer x, int base, int len) {
        FloatVector acc = FloatVector.zero(SP);
        int i = base, end = base + len;
        for (int bound = base + SP.loopBound(len); i < bound; i += SP.length()) acc = acc.add(Lanes.load(x, i));
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < end; i++) s += x.getFloat(i << 2);
        return s;
    }

    private static double squaredDeviations(ByteBuffer x, int base, int len, float mu) {
        FloatVector acc = FloatVector.zero(SP);
        int i = base, end = base + len;
        for (int bound = base + SP.loopBound(len); i < bound; i += SP.length()) {
            FloatVector d = Lanes.load(x, i).sub(mu);
            acc = d.fma(d, acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < end; i++) {
            double d = x.getFloat(i << 2) - mu;
            s += d * d;
        }
        return s;
    }
}
