package org.genlab.diffusion.score;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.Sde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The exact score of zero-mean Gaussian data pushed through an SDE's kernel: data N(0, Σ) gives
 * p_t = N(0, m_t²Σ + σ_t² I), so s(x,t) = −(m_t²Σ + σ_t² I)⁻¹x. For Σ = s²I this is MATH.md §9.3's
 * −x/(m_t²s² + σ_t²). The Jacobian is symmetric, so the vjp is the same linear map applied to v, and the divergence
 * and the log density are exact. A full covariance (flat [n, D] data) makes the Jacobian non-diagonal, which the
 * Hutchinson tests need (for a diagonal Jacobian the Rademacher estimate is exact).
 */
public final class AnalyticGaussianScore implements ScoreFn {
    private final Sde sde;
    /** Eigenvalues λ_j of Σ; for the isotropic case one value s². */
    private final double[] lambda;
    /** Eigenvectors of Σ as columns, [D, D]; null for Σ = s²I. */
    private final INDArray q;
    private final AtomicLong evaluations = new AtomicLong();

    private AnalyticGaussianScore(Sde sde, double[] lambda, INDArray q) {
        this.sde = sde;
        this.lambda = lambda;
        this.q = q;
    }

    /** Data N(0, variance·I) of any shape. */
    public static AnalyticGaussianScore isotropic(Sde sde, double variance) {
        if (!(variance > 0)) throw new IllegalArgumentException("data variance must be positive, got " + variance);
        return new AnalyticGaussianScore(sde, new double[]{variance}, null);
    }

    /** Data N(0, cov) on flat samples [n, D] with a symmetric positive-definite D×D covariance. */
    public static AnalyticGaussianScore withCovariance(Sde sde, double[][] cov) {
        RealMatrix m = new Array2DRowRealMatrix(cov);
        if (!m.isSquare()) throw new IllegalArgumentException("covariance must be square");
        EigenDecomposition e = new EigenDecomposition(m);
        double[] lambda = e.getRealEigenvalues();
        for (double l : lambda) if (!(l > 0)) throw new IllegalArgumentException("covariance must be positive definite");
        INDArray q = Nd4j.create(e.getV().getData()).castTo(DataType.DOUBLE);
        return new AnalyticGaussianScore(sde, lambda, q);
    }

    public Sde sde() {
        return sde;
    }

    @Override
    public INDArray score(INDArray x, INDArray t) {
        evaluations.incrementAndGet();
        return applyPrecision(x, t).negi();
    }

    @Override
    public INDArray vjp(INDArray x, INDArray t, INDArray v) {
        evaluations.incrementAndGet();
        return applyPrecision(v, t).negi();
    }

    @Override
    public long evaluations() {
        return evaluations.get();
    }

    /** Exact divergence ∇·s = −Σ_j 1/(m_t²λ_j + σ_t²) per sample ([n], double). */
    public INDArray divergence(INDArray x, INDArray t) {
        int n = PerSample.batch(x);
        double[] tv = PerSample.times(t, n);
        long d = PerSample.dims(x);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double m2 = sq(sde.meanScale(tv[i]));
            double s2 = sq(sde.std(tv[i]));
            double sum = 0;
            if (q == null) sum = d / (m2 * lambda[0] + s2);
            else for (double l : lambda) sum += 1.0 / (m2 * l + s2);
            out[i] = -sum;
        }
        return PerSample.vector(out, DataType.DOUBLE);
    }

    /** Exact log p_t(x) of the perturbed data, per sample ([n], double): the likelihood oracle of MATH.md §9.4. */
    public INDArray logDensity(INDArray x, INDArray t) {
        int n = PerSample.batch(x);
        double[] tv = PerSample.times(t, n);
        long d = PerSample.dims(x);
        INDArray flat = x.castTo(DataType.DOUBLE).reshape(n, d);
        INDArray rot = q == null ? flat : flat.mmul(q);
        double[][] r = rot.toDoubleMatrix();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double m2 = sq(sde.meanScale(tv[i]));
            double s2 = sq(sde.std(tv[i]));
            double lp = 0;
            for (int j = 0; j < d; j++) {
                double var = m2 * (q == null ? lambda[0] : lambda[j]) + s2;
                lp += -0.5 * Math.log(2 * Math.PI * var) - 0.5 * r[i][j] * r[i][j] / var;
            }
            out[i] = lp;
        }
        return PerSample.vector(out, DataType.DOUBLE);
    }

    /** (m_t²Σ + σ_t² I)⁻¹ v per sample. */
    private INDArray applyPrecision(INDArray v, INDArray t) {
        int n = PerSample.batch(v);
        double[] tv = PerSample.times(t, n);
        if (q == null) {
            double s2data = lambda[0];
            return PerSample.scale(v, PerSample.map(tv, u -> 1.0 / (sq(sde.meanScale(u)) * s2data + sq(sde.std(u)))));
        }
        long d = PerSample.dims(v);
        if (d != lambda.length) {
            throw new IllegalArgumentException("covariance is " + lambda.length + "-dimensional but samples have " + d + " values");
        }
        double[] coef = new double[Math.toIntExact(n * d)];
        for (int i = 0; i < n; i++) {
            double m2 = sq(sde.meanScale(tv[i]));
            double s2 = sq(sde.std(tv[i]));
            for (int j = 0; j < d; j++) coef[(int) (i * d + j)] = 1.0 / (m2 * lambda[j] + s2);
        }
        INDArray qd = q.castTo(v.dataType());
        INDArray rot = v.reshape(n, d).mmul(qd);
        rot.muli(Nd4j.create(coef, new long[]{n, d}, DataType.DOUBLE).castTo(v.dataType()));
        return rot.mmul(qd.transpose()).reshape(v.shape());
    }

    private static double sq(double v) {
        return v * v;
    }
}
