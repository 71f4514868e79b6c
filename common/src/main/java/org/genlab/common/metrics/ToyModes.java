package org.genlab.common.metrics;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.genlab.common.UsageException;

/**
 * Sample quality for 2-D toys with discrete modes (8/25 Gaussians), shared by the model families and the
 * reproductions: each sample is assigned to its nearest mode centre and counts as high quality when it lies within
 * {@code radius} of it (3 per-coordinate σ holds 98.9 % of true samples of an isotropic Gaussian mode); a mode is
 * covered when it holds at least {@code minFairShare}/K of all samples (and at least one). Also the NLL of the
 * maximum-likelihood Gaussian, the baseline any density model of a toy must beat.
 */
public final class ToyModes {
    /** Radius in per-coordinate σ for the "3σ" rule. */
    public static final double SIGMAS = 3;

    private ToyModes() {
    }

    /**
     * @param shares   fraction of all samples that are high quality and nearest to each mode
     * @param hqShare  fraction of samples within the radius of some mode (high-quality-sample share)
     * @param modesHit covered modes
     */
    public record Coverage(double[] shares, double hqShare, int modesHit, int modes) {
    }

    /** The 3σ rule with a mode covered at a quarter of its fair share 1/K. */
    public static Coverage coverage(double[][] points, double[][] centres, double std) {
        return coverage(points, centres, SIGMAS * std, 0.25);
    }

    public static Coverage coverage(double[][] points, double[][] centres, double radius, double minFairShare) {
        int k = centres.length;
        double[] counts = new double[k];
        double r2 = radius * radius;
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
        int n = Math.max(points.length, 1);
        for (int j = 0; j < k; j++) {
            boolean any = counts[j] > 0;
            counts[j] /= n;
            if (any && counts[j] >= minFairShare / k) hit++;
        }
        return new Coverage(counts, inside / (double) n, hit, k);
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
        double logDet;
        try {
            logDet = Math.log(new CholeskyDecomposition(new Array2DRowRealMatrix(cov)).getDeterminant());
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new UsageException("the evaluation points are degenerate (singular covariance); use more points (--limit)");
        }
        return 0.5 * (d * Math.log(2 * Math.PI) + logDet) + 0.5 * d;
    }

    /**
     * Mean NLL (nats per point) of the points under the true mixture of equal isotropic Gaussians at the centres:
     * low when samples sit in the modes (it does not see a missing mode: read it with {@link #coverage}).
     */
    public static double mixtureNll(double[][] points, double[][] centres, double std) {
        int k = centres.length;
        double[] terms = new double[k];
        double s2 = std * std;
        double sum = 0;
        for (double[] p : points) {
            for (int j = 0; j < k; j++) {
                double dx = p[0] - centres[j][0], dy = p[1] - centres[j][1];
                terms[j] = -(dx * dx + dy * dy) / (2 * s2);
            }
            double lse = org.genlab.common.math.LogSumExp.lse(terms);
            sum -= lse - Math.log(k) - Math.log(2 * Math.PI * s2);
        }
        return sum / points.length;
    }

    /** Row-major [n, dim] doubles → points. */
    public static double[][] rows(double[] flat, int dim) {
        double[][] out = new double[flat.length / dim][dim];
        for (int i = 0; i < out.length; i++) System.arraycopy(flat, i * dim, out[i], 0, dim);
        return out;
    }
}
