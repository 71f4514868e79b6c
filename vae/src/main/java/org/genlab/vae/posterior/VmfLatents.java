package org.genlab.vae.posterior;

import org.genlab.common.math.VmfMath;
import org.genlab.common.random.Rng;
import org.genlab.vae.vmf.OmegaTable;
import org.genlab.vae.vmf.SphereSampling;
import org.genlab.vae.vmf.WoodSampler;

/**
 * vMF(μ_i, κ_i) on S^{m−1}: density C_m(κ)e^{κμᵀz} w.r.t. the surface measure, mean A_m(κ)μ, KL to the uniform prior
 * (MATH.md §3.1–3.2). Draws use Wood + Householder, or, with a shared fixed κ, Su's table + projection.
 */
public final class VmfLatents implements LatentBatch {
    private final double[][] mu;
    private final double[] kappa;
    private final WoodSampler wood;
    private final OmegaTable table;

    /** Learned κ: Wood's sampler and the Householder map. */
    public VmfLatents(double[][] mu, double[] kappa, WoodSampler wood) {
        this.mu = mu;
        this.kappa = kappa;
        this.wood = wood;
        this.table = null;
    }

    /** Fixed κ: Su's inverse-CDF table and the orthogonal projection. */
    public VmfLatents(double[][] mu, OmegaTable table) {
        this.mu = mu;
        this.kappa = new double[mu.length];
        java.util.Arrays.fill(this.kappa, table.kappa());
        this.wood = null;
        this.table = table;
    }

    @Override
    public int size() {
        return mu.length;
    }

    @Override
    public int dim() {
        return mu[0].length;
    }

    public double kappa(int i) {
        return kappa[i];
    }

    public double[] direction(int i) {
        return mu[i].clone();
    }

    @Override
    public double[] mean(int i) {
        double a = VmfMath.meanCosine(dim(), kappa[i]);
        double[] m = mu[i].clone();
        for (int j = 0; j < m.length; j++) m[j] *= a;
        return m;
    }

    @Override
    public double[] sample(int i, Rng rng) {
        int m = dim();
        if (table != null) {
            double w = table.draw(rng);
            double[] eps = new double[m];
            for (int j = 0; j < m; j++) eps[j] = rng.nextGaussian();
            return SphereSampling.projection(mu[i], w, 1 - w, eps);
        }
        WoodSampler.Draw d = wood.draw(rng, kappa[i]);
        return SphereSampling.householder(mu[i], d.omega(), d.oneMinusOmega(), SphereSampling.uniformUnit(rng, m - 1));
    }

    @Override
    public double logDensity(int i, double[] z) {
        double dot = 0;
        for (int j = 0; j < z.length; j++) dot += mu[i][j] * z[j];
        return VmfMath.logNormalizer(dim(), kappa[i]) + kappa[i] * dot;
    }

    @Override
    public double negEntropy(int i) {
        return -VmfMath.entropy(dim(), kappa[i]);
    }

    @Override
    public double kl(int i) {
        return VmfMath.kl(dim(), kappa[i]);
    }

    /** log of the uniform density on S^{m−1}: −log|S^{m−1}|. */
    public static double logUniform(int m) {
        return -VmfMath.logSphereArea(m);
    }
}
