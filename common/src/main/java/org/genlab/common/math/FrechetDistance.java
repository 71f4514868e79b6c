package org.genlab.common.math;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Squared 2-Wasserstein (Fréchet) distance between Gaussians, and FID between feature sets (MATH.md §1.4):
 * W₂² = ‖μp−μq‖² + tr Σp + tr Σq − 2 tr X, with two equal forms of the cross term,
 * v1 X = (Σp^{1/2} Σq Σp^{1/2})^{1/2} (symmetric PSD, eigendecomposition: the stable recipe, used by default) and
 * v2 X = (Σp Σq)^{1/2} (eigenvalues of a non-symmetric product, as in the FID reference code).
 */
public final class FrechetDistance {
    /** A Gaussian fitted to feature rows. */
    public record Gaussian(double[] mean, double[][] cov) {
    }

    private FrechetDistance() {
    }

    public static double[] mean(double[][] rows) {
        int d = checkRows(rows, 1);
        double[] m = new double[d];
        for (double[] r : rows) for (int j = 0; j < d; j++) m[j] += r[j];
        for (int j = 0; j < d; j++) m[j] /= rows.length;
        return m;
    }

    /** Unbiased covariance (divisor n − 1, as numpy.cov) of the rows, from centred data. */
    public static double[][] covariance(double[][] rows) {
        int d = checkRows(rows, 2);
        double[] m = mean(rows);
        double[][] c = new double[d][d];
        double[] centred = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) centred[j] = r[j] - m[j];
            for (int i = 0; i < d; i++) {
                double ci = centred[i];
                for (int j = i; j < d; j++) c[i][j] += ci * centred[j];
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                c[i][j] /= rows.length - 1;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    public static Gaussian fit(double[][] rows) {
        return new Gaussian(mean(rows), covariance(rows));
    }

    /** FID: W₂² between Gaussians fitted to two feature sets (rows = samples), v1 recipe. */
    public static double fid(double[][] featuresP, double[][] featuresQ) {
        return w2Squared(fit(featuresP), fit(featuresQ));
    }

    public static double w2Squared(Gaussian p, Gaussian q) {
        return w2SquaredSymmetric(p.mean(), p.cov(), q.mean(), q.cov());
    }

    /** v1: cross term tr((Σp^{1/2} Σq Σp^{1/2})^{1/2}) = Σ √λ_i of a symmetric PSD matrix (MATH.md §1.4, Su-FDL). */
    public static double w2SquaredSymmetric(double[] mp, double[][] sp, double[] mq, double[][] sq) {
        int d = check(mp, sp, mq, sq);
        RealMatrix rootP = sqrtPsd(new Array2DRowRealMatrix(sp));
        RealMatrix s = rootP.multiply(new Array2DRowRealMatrix(sq)).multiply(rootP);
        double cross = 0;
        for (double lambda : symmetricEigenvalues(s)) cross += Math.sqrt(Math.max(lambda, 0));
        return finish(d, mp, sp, mq, sq, cross);
    }

    /**
     * v2: cross term tr((Σp Σq)^{1/2}) = Σ √λ_i over the eigenvalues of the non-symmetric product. They are real
     * and ≥ 0 in exact arithmetic (Σp Σq is similar to the v1 matrix); rounding may leave small imaginary or
     * negative parts, so the principal complex root's real part is summed.
     */
    public static double w2SquaredProduct(double[] mp, double[][] sp, double[] mq, double[][] sq) {
        int d = check(mp, sp, mq, sq);
        RealMatrix prod = new Array2DRowRealMatrix(sp).multiply(new Array2DRowRealMatrix(sq));
        EigenDecomposition eig = new EigenDecomposition(prod);
        double cross = 0;
        for (int i = 0; i < d; i++) {
            double re = eig.getRealEigenvalue(i);
            double im = eig.getImagEigenvalue(i);
            cross += Math.sqrt((Math.hypot(re, im) + re) / 2); // Re √(re + i·im)
        }
        return finish(d, mp, sp, mq, sq, cross);
    }

    /** Symmetric PSD square root V diag(√max(λ, 0)) Vᵀ; negative rounding-level eigenvalues are clipped. */
    static RealMatrix sqrtPsd(RealMatrix a) {
        EigenDecomposition eig = new EigenDecomposition(symmetrize(a));
        double[][] v = eig.getV().getData();
        double[] lambda = eig.getRealEigenvalues();
        int d = lambda.length;
        double[][] out = new double[d][d];
        for (int k = 0; k < d; k++) {
            double r = Math.sqrt(Math.max(lambda[k], 0));
            if (r == 0) continue;
            for (int i = 0; i < d; i++) {
                double vik = v[i][k] * r;
                for (int j = 0; j < d; j++) out[i][j] += vik * v[j][k];
            }
        }
        return new Array2DRowRealMatrix(out, false);
    }

    private static double[] symmetricEigenvalues(RealMatrix a) {
        return new EigenDecomposition(symmetrize(a)).getRealEigenvalues();
    }

    /** (A + Aᵀ)/2, so commons-math takes its symmetric (Jacobi/QL) path despite rounding asymmetry. */
    private static RealMatrix symmetrize(RealMatrix a) {
        return a.add(a.transpose()).scalarMultiply(0.5);
    }

    private static double finish(int d, double[] mp, double[][] sp, double[] mq, double[][] sq, double cross) {
        double dist = 0;
        double trace = 0;
        for (int i = 0; i < d; i++) {
            double diff = mp[i] - mq[i];
            dist += diff * diff;
            trace += sp[i][i] + sq[i][i];
        }
        return dist + trace - 2 * cross;
    }

    private static int check(double[] mp, double[][] sp, double[] mq, double[][] sq) {
        int d = mp.length;
        if (mq.length != d || sp.length != d || sq.length != d) {
            throw new IllegalArgumentException("Gaussians of different dimensions: means " + d + ", " + mq.length
                    + "; covariances " + sp.length + ", " + sq.length);
        }
        for (int i = 0; i < d; i++) {
            if (sp[i].length != d || sq[i].length != d) {
                throw new IllegalArgumentException("covariance row " + i + " is not of length " + d);
            }
        }
        return d;
    }

    private static int checkRows(double[][] rows, int minRows) {
        if (rows.length < minRows) {
            throw new IllegalArgumentException("need at least " + minRows + " feature rows, got " + rows.length);
        }
        int d = rows[0].length;
        for (double[] r : rows) {
            if (r.length != d) throw new IllegalArgumentException("feature rows of different lengths: " + d
                    + " vs " + r.length);
        }
        return d;
    }
}
