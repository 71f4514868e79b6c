package org.genlab.gan.nn;

import org.genlab.common.nn.ModelGraph;
import org.genlab.common.nn.Scope;
import org.genlab.common.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Spectral normalisation of one weight (Miyato et al.; MATH.md §5.4, §8.6): the forward pass uses W/σ with
 * σ = vᵀ W u, where u and v are persistent buffers refreshed by power iteration in Java before each critic step
 * ({@link #powerIteration}), outside autodiff. In the graph u and v are leaves that are never trained, so no
 * gradient flows through them; the gradient of W/σ does include the ∂σ/∂W = v uᵀ term, as in Miyato's code.
 *
 * <p>The weight is viewed as a matrix of shape (rows, cols) = (fan-in, out): [in, out] for dense layers and
 * [k·k·in, out] for convolutions stored [k, k, in, out] (the reshape Miyato uses; for a convolution this bounds the
 * reshaped kernel, not the exact operator norm of the convolution). u has cols entries, v has rows entries;
 * v ← W u/‖W u‖, u ← Wᵀ v/‖Wᵀ v‖ is the power iteration for the largest singular value of W.
 */
public final class SpectralNorm {
    private static final double NORM_EPS = 1e-12;

    private final String weight;
    private final String u;
    private final String v;
    private final long rows;
    private final long cols;
    private final SDVariable sigma;
    private final SDVariable normalized;

    /** @param rng draws the initial u (Miyato: randn) */
    public SpectralNorm(Scope scope, SDVariable w, long rows, long cols, Rng rng) {
        long[] shape = scope.graph().array(w.name()).shape();
        long len = 1;
        for (long s : shape) len *= s;
        if (len != rows * cols) throw new IllegalArgumentException("weight of " + len + " elements is not " + rows + "x" + cols);
        this.weight = w.name();
        this.rows = rows;
        this.cols = cols;
        DataType dt = scope.dtype();
        INDArray u0 = rng.gaussian(DataType.DOUBLE, cols);
        u0.divi(u0.norm2Number().doubleValue() + NORM_EPS);
        INDArray wm = scope.graph().array(w.name()).castTo(DataType.DOUBLE).reshape('c', rows, cols);
        INDArray v0 = wm.mmul(u0.reshape(cols, 1)).reshape(rows);
        v0.divi(v0.norm2Number().doubleValue() + NORM_EPS);
        SDVariable ub = scope.buffer("sn_u", u0.castTo(dt));
        SDVariable vb = scope.buffer("sn_v", v0.castTo(dt));
        this.u = ub.name();
        this.v = vb.name();
        SDVariable outer = vb.reshape(rows, 1).mmul(ub.reshape(1, cols)).reshape(shape);
        this.sigma = w.mul(outer).sum();
        // W·(1/σ) rather than W/σ: SameDiff M2.1 backprops a div by a broadcast scalar variable wrongly (measured)
        this.normalized = w.mul(sigma.rdiv(1.0));
    }

    /** W/σ, the weight the layer uses. */
    public SDVariable normalized() {
        return normalized;
    }

    /** σ = vᵀ W u as a graph scalar. */
    public SDVariable sigma() {
        return sigma;
    }

    /** {@code iterations} steps of power iteration on the current weight, updating the u and v buffers in place. */
    public void powerIteration(ModelGraph g, int iterations) {
        INDArray wm = g.array(weight).castTo(DataType.DOUBLE).reshape('c', rows, cols);
        INDArray uu = g.array(u).castTo(DataType.DOUBLE).reshape(cols, 1);
        INDArray vv = null;
        for (int i = 0; i < iterations; i++) {
            vv = wm.mmul(uu);
            vv.divi(vv.norm2Number().doubleValue() + NORM_EPS);
            uu = wm.transpose().mmul(vv);
            uu.divi(uu.norm2Number().doubleValue() + NORM_EPS);
        }
        if (vv == null) return;
        g.array(u).assign(uu.reshape(cols).castTo(g.dtype()));
        g.array(v).assign(vv.reshape(rows).castTo(g.dtype()));
    }

    /** The current estimate σ = vᵀ W u, computed in Java from the live arrays. */
    public double sigmaEstimate(ModelGraph g) {
        INDArray wm = g.array(weight).castTo(DataType.DOUBLE).reshape('c', rows, cols);
        INDArray uu = g.array(u).castTo(DataType.DOUBLE).reshape(cols, 1);
        INDArray vv = g.array(v).castTo(DataType.DOUBLE).reshape(1, rows);
        return vv.mmul(wm).mmul(uu).getDouble(0);
    }

    public String weightName() {
        return weight;
    }

    public String uName() {
        return u;
    }

    public String vName() {
        return v;
    }

    public long rows() {
        return rows;
    }

    public long cols() {
        return cols;
    }
}
