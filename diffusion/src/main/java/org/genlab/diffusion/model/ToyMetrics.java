package org.genlab.diffusion.model;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.genlab.common.UsageException;

/**
 * Sample-quality numbers for 2-D toys with discrete modes, and the single-Gaussian baseline for the likelihood:
 * mode coverage (each sample belongs to its nearest mode centre if it lies within 3 per-coordinate σ of it, which
 * holds for 98.9 % of true samples) and the NLL of the maximum-likelihood Gaussian fitted to the evaluation points.
 */
public final class ToyMetrics {
    private ToyMetrics() {
    }

    /**
     * @param shares    fraction of all samples that lie within 3σ of each mode
     * @param within3sd fraction of samples within 3σ of some mode
     * @param modesHit  modes holding at least a quarter of their fair share 1/K of the samples
     */
    public record Coverage(double[] shares, double within3sd, int modesHit) {
    }

    public static Coverage coverage(double[][] points, double[][] centres, double std) {
        int k = centres.length;
        double[] counts = new double[k];
        double r2 = 9 * std * std;
        int inside = 0;
        for (double[] p : points) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double dx = p[0] - centres[j][0], dy = p[1] - centres[j][1];
                double d = dx * dx + dy * dy;
                if (d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            if (bestD <= r2) {
                counts[best]++;
                inside++;
            }
        }
        int hit = 0;
        for (int j = 0; j < k; j++) {
            counts[j] /= points.length;
            if (counts[j] >= 0.25 / k) hit++;
        }
        return new Coverage(counts, inside / (double) points.length, hit);
    }

    /**
     * Mean negative log-likelihood in nats per point of the Gaussian with the points' own mean and (MLE) covariance:
     * ½ log det(2πΣ) + d/2, since the mean Mahalanobis term of an MLE fit equals d.
     */
    public static double gaussianNll(double[][] points) {
        int n = points.length;
        int d = points[0].length;
        double[] mean = new double[d];
        for (double[] p : points) for (int j = 0; j < d; j++) mean[j] += p[j] / n;
        double[][] cov = new double[d][d];
        for (double[] p : points) {
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) cov[a][b] += (p[a] - mean[a]) * (p[b] - mean[b]) / n;
        }
        RealMatrix m = new Array2DRowRealMatrix(cov);
        double logDet;
        try {
            logDet = Math.log(new CholeskyDecomposition(m).getDeterminant());
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new UsageException("the evaluation points are degenerate (singular covariance); use more points (--limit)");
        }
        return 0.5 * (d * Math.log(2 * Math.PI) + logDet) + 0.5 * d;
    }

    /** [n, 2] row-major doubles → points. */
    static double[][] rows(double[] flat, int dim) {
        double[][] out = new double[flat.length / dim][dim];
        for (int i = 0; i < out.length; i++) System.arraycopy(flat, i * dim, out[i], 0, dim);
        return out;
    }
}
