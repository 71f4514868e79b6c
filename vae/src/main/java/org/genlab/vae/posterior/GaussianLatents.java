package org.genlab.vae.posterior;

import org.genlab.common.random.Rng;

/** Diagonal Gaussians N(μ_i, diag exp(logvar_i)). */
public final class GaussianLatents implements LatentBatch {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private final double[][] mu;
    private final double[][] logvar;

    public GaussianLatents(double[][] mu, double[][] logvar) {
        this.mu = mu;
        this.logvar = logvar;
    }

    @Override
    public int size() {
        return mu.length;
    }

    @Override
    public int dim() {
        return mu[0].length;
    }

    @Override
    public double[] mean(int i) {
        return mu[i].clone();
    }

    public double[] logvar(int i) {
        return logvar[i].clone();
    }

    @Override
    public double[] sample(int i, Rng rng) {
        double[] z = new double[dim()];
        for (int j = 0; j < z.length; j++) z[j] = mu[i][j] + Math.exp(0.5 * logvar[i][j]) * rng.nextGaussian();
        return z;
    }

    @Override
    public double logDensity(int i, double[] z) {
        double s = 0;
        for (int j = 0; j < z.length; j++) {
            double d = z[j] - mu[i][j];
            s += d * d * Math.exp(-logvar[i][j]) + LOG_2PI + logvar[i][j];
        }
        return -0.5 * s;
    }

    @Override
    public double negEntropy(int i) {
        double s = 0;
        for (double lv : logvar[i]) s += 1 + lv;
        return -0.5 * dim() * LOG_2PI - 0.5 * s;
    }

    @Override
    public double kl(int i) {
        double s = 0;
        for (double k : klPerDim(i)) s += k;
        return s;
    }

    /** ½(μ² + σ² − log σ² − 1) per dimension. */
    public double[] klPerDim(int i) {
        double[] k = new double[dim()];
        for (int j = 0; j < k.length; j++) {
            k[j] = 0.5 * (mu[i][j] * mu[i][j] + Math.exp(logvar[i][j]) - logvar[i][j] - 1);
        }
        return k;
    }

    /** log N(z; 0, I). */
    public static double logStandardNormal(double[] z) {
        double s = 0;
        for (double v : z) s += v * v + LOG_2PI;
        return -0.5 * s;
    }
}
