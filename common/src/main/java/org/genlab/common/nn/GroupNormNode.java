package org.genlab.common.nn;

import org.genlab.common.backend.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One application of {@link GroupNorm} (with or without the SiLU after it) as a {@link JavaKernels} kernel: runs
 * {@link GroupNormKernel} over the samples in parallel, and keeps x̂, 1/σ and the SiLU's slope from the forward pass
 * for the backward pass. γ's and β's gradients are added over samples in sample order, so they do not depend on the
 * thread count. γ and β are read from the graph at every call, so optimiser updates and EMA swaps apply.
 */
final class GroupNormNode implements JavaKernels.Kernel {
    private final ModelGraph graph;
    private final GroupNormKernel kernel;
    private final int channels;
    private final int groups;
    private final String gammaName;
    private final String betaName;
    private final float[] gamma;
    private final float[] beta;
    private final boolean silu;
    private float[] xhat = new float[0];
    private float[] slope = new float[0];
    /** Per (sample, channel) dγ and dβ of the last backward pass. */
    private float[] dgammaPerSample = new float[0];
    private float[] dbetaPerSample = new float[0];
    private float[] rstd = new float[0];
    /** Σ dx over positions per (sample, channel), from the last backward pass. */
    private float[] dxSums = new float[0];
    private long[] keptShape;
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();

    /** {@code gammaName}/{@code betaName} null: no affine parameters (γ = 1, β = 0). */
    GroupNormNode(ModelGraph graph, int channels, int groups, double eps, boolean silu, String gammaName, String betaName) {
        this.graph = graph;
        this.kernel = new GroupNormKernel(channels, groups, eps, silu);
        this.silu = silu;
        this.channels = channels;
        this.groups = groups;
        this.gammaName = gammaName;
        this.betaName = betaName;
        this.gamma = new float[channels];
        this.beta = new float[channels];
        if (gammaName == null) Arrays.fill(gamma, 1f);
    }

    @Override
    public void forward(INDArray in, INDArray out, boolean keepForBackward) {
        long[] shape = in.shape();
        if (in.dataType() != DataType.FLOAT || shape.length < 2 || shape[1] != channels || in.length() > Integer.MAX_VALUE) {
            throw new IllegalStateException("GroupNorm kernel over " + channels + " channels got a " + in.dataType() + " array of shape "
                    + Arrays.toString(shape));
        }
        int len = (int) in.length(), n = (int) shape[0];
        keptShape = keepForBackward ? shape : null;
        if (len == 0) return;
        readParameters();
        if (rstd.length != n * groups) rstd = new float[n * groups];
        if (keepForBackward && xhat.length != len) xhat = new float[len];
        if (keepForBackward && silu && slope.length != len) slope = new float[len];
        float[] keep = keepForBackward ? xhat : null, keepSlope = keepForBackward && silu ? slope : null;
        int positions = positions(len, n);
        INDArray src = JavaKernels.denseSource(in), dst = JavaKernels.denseTarget(out);
        ByteBuffer x = JavaKernels.bytes(src), y = JavaKernels.bytes(dst);
        KernelThreads.run(n, grain(len, n), (part, from, to) -> kernel.forward(x, positions, gamma, beta, y, keep, keepSlope, rstd, from, to));
        JavaKernels.finish(dst, out);
    }

    @Override
    public void backward(INDArray gradOut, INDArray gradIn) {
        if (keptShape == null || !Arrays.equals(keptShape, gradOut.shape())) {
            throw new IllegalStateException("GroupNorm kernel: backward pass for shape " + Arrays.toString(gradOut.shape())
                    + " without a training forward pass of that shape before it");
        }
        int len = (int) gradOut.length(), n = (int) keptShape[0];
        double[] dg = new double[channels], db = new double[channels];
        if (len > 0) {
            int positions = positions(len, n);
            if (dxSums.length != n * channels) {
                dxSums = new float[n * channels];
                dgammaPerSample = new float[n * channels];
                dbetaPerSample = new float[n * channels];
            }
            float[] sums = dxSums, dgs = dgammaPerSample, dbs = dbetaPerSample;
            INDArray src = JavaKernels.denseSource(gradOut), dst = JavaKernels.denseTarget(gradIn);
            ByteBuffer d = JavaKernels.bytes(src), dx = JavaKernels.bytes(dst);
            KernelThreads.run(n, grain(len, n), (part, from, to) ->
                    kernel.backward(d, xhat, slope, positions, gamma, rstd, dx, dgs, dbs, sums, from, to));
            JavaKernels.finish(dst, gradIn);
            for (int s = 0; s < n; s++) {
                for (int c = 0; c < channels; c++) {
                    dg[c] += dgs[s * channels + c];
                    db[c] += dbs[s * channels + c];
                }
            }
        }
        gradients.clear();
        if (gammaName != null) gradients.put(gammaName, HostArrays.of(dg, DataType.FLOAT, channels));
        if (betaName != null) gradients.put(betaName, HostArrays.of(db, DataType.FLOAT, channels));
    }

    @Override
    public Map<String, INDArray> parameterGradients() {
        return gradients;
    }

    /** A shift of shape [n, c, 1, ...] (the time embedding) gets the per-channel sums of the last backward pass. */
    @Override
    public boolean sumGradientInto(INDArray target) {
        long[] s = target.shape();
        if (keptShape == null || s.length < 2 || s[0] != keptShape[0] || s[1] != channels) return false;
        for (int i = 2; i < s.length; i++) if (s[i] != 1) return false;
        INDArray dst = JavaKernels.denseTarget(target);
        JavaKernels.bytes(dst).asFloatBuffer().put(dxSums, 0, (int) target.length());
        JavaKernels.finish(dst, target);
        return true;
    }

    /** Samples per thread: at least 2^16 elements each (see PointwiseNode.GRAIN). */
    private static int grain(int len, int n) {
        return Math.max(1, (1 << 16) / Math.max(1, len / n));
    }

    private int positions(int len, int n) {
        return len / (n * channels);
    }

    private void readParameters() {
        if (gammaName != null) JavaKernels.bytes(JavaKernels.denseSource(graph.array(gammaName))).asFloatBuffer().get(gamma);
        if (betaName != null) JavaKernels.bytes(JavaKernels.denseSource(graph.array(betaName))).asFloatBuffer().get(beta);
    }
}
