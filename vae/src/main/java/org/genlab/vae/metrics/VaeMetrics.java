package org.genlab.vae.metrics;

import org.genlab.common.math.LogSumExp;
import org.genlab.common.random.Rng;
import org.genlab.vae.posterior.GaussianLatents;
import org.genlab.vae.posterior.LatentBatch;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluation table of the BN-VAE reference (MATH.md §2.4), computed in Java from an {@link EvalSource}:
 * <ul>
 *   <li>elbo, rec, kl: one posterior draw per example, −log p(x|z) and the exact KL (per example means);
 *       kl_dim/j the per-dimension KL for Gaussian posteriors;</li>
 *   <li>nll_iw: −log p(x) by importance sampling with K draws from q,
 *       log p(x) ≈ logsumexp_k[log p(x|z_k) + log p(z_k) − log q(z_k|x)] − log K (MATH.md §3.6), a lower bound on
 *       log p(x) that tightens with K;</li>
 *   <li>mi: I(x; z) as the reference's calc_mi, per evaluation batch of size B: E[log q(z|x)] − E[log q̂(z)] with
 *       q̂(z) = (1/B)Σ_j q(z|x_j), weighted by batch size (bounded by log B);</li>
 *   <li>au: active units, dimensions whose Cov_x(E_q[z|x]) ≥ 0.01 over the whole split (calc_au);</li>
 *   <li>for text: ppl_iw = exp(Σ nll_iw / tokens) and ppl_elbo = exp(Σ(rec+kl) / tokens), tokens = words + end
 *       marks, as the reference counts them.</li>
 * </ul>
 */
public final class VaeMetrics {
    public static final double AU_THRESHOLD = 0.01;

    /** Options: K importance samples, the batch size for MI and for decoder calls, examples to use. */
    public record Options(int iwSamples, int miBatch, int decodeRows, int limit) {
        public Options {
            if (iwSamples < 1) throw new IllegalArgumentException("need at least one importance sample");
            if (miBatch < 2) throw new IllegalArgumentException("MI needs evaluation batches of at least 2");
        }
    }

    private VaeMetrics() {
    }

    public static Map<String, Double> evaluate(EvalSource src, Options o, Rng rng) {
        int n = Math.min(src.size(), o.limit());
        if (n < 2) throw new IllegalArgumentException("evaluation needs at least 2 examples, got " + n);
        double recSum = 0, klSum = 0, nllSum = 0, miSum = 0;
        long tokens = 0;
        double[] klDim = null;
        double[] meanSum = null;
        double[][] means = new double[n][];
        int miCount = 0;
        for (int start = 0; start < n; start += o.miBatch()) {
            int b = Math.min(o.miBatch(), n - start);
            int[] idx = new int[b];
            for (int r = 0; r < b; r++) idx[r] = start + r;
            LatentBatch q = src.encode(idx);
            // ELBO terms: one draw per example
            double[][] z1 = new double[b][];
            for (int r = 0; r < b; r++) z1[r] = q.sample(r, rng);
            double[] rec = src.negLogLik(idx, z1);
            for (int r = 0; r < b; r++) {
                recSum += rec[r];
                klSum += q.kl(r);
                tokens += src.tokens(idx[r]);
                means[start + r] = q.mean(r);
                if (q instanceof GaussianLatents g) {
                    double[] k = g.klPerDim(r);
                    if (klDim == null) klDim = new double[k.length];
                    for (int j = 0; j < k.length; j++) klDim[j] += k[j];
                }
            }
            if (b >= 2) {
                miSum += mutualInformation(q, z1) * b;
                miCount += b;
            }
            nllSum += importanceWeighted(src, q, idx, o, rng);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("elbo", -(recSum + klSum) / n);
        m.put("rec", recSum / n);
        m.put("kl", klSum / n);
        m.put("nll_iw", nllSum / n);
        m.put("mi", miCount == 0 ? Double.NaN : miSum / miCount);
        double[] auVar = activeUnitVariances(means);
        m.put("au", (double) countActive(auVar));
        if (tokens > 0) {
            m.put("ppl_iw", Math.exp(nllSum / tokens));
            m.put("ppl_elbo", Math.exp((recSum + klSum) / tokens));
        }
        m.put("iw_samples", (double) o.iwSamples());
        m.put("examples", (double) n);
        if (klDim != null) for (int j = 0; j < klDim.length; j++) m.put("kl_dim/" + j, klDim[j] / n);
        return m;
    }

    /** Σ_i −log p̂(x_i) over the batch, with K importance samples each, decoded in chunks of decodeRows. */
    static double importanceWeighted(EvalSource src, LatentBatch q, int[] idx, Options o, Rng rng) {
        int k = o.iwSamples();
        int perChunk = Math.max(1, o.decodeRows() / k);
        double total = 0;
        for (int s = 0; s < idx.length; s += perChunk) {
            int c = Math.min(perChunk, idx.length - s);
            int[] rows = new int[c * k];
            double[][] z = new double[c * k][];
            double[] logW = new double[c * k];
            for (int r = 0; r < c; r++) {
                for (int j = 0; j < k; j++) {
                    double[] zz = q.sample(s + r, rng);
                    rows[r * k + j] = idx[s + r];
                    z[r * k + j] = zz;
                    logW[r * k + j] = src.logPrior(zz) - q.logDensity(s + r, zz);
                }
            }
            double[] nll = src.negLogLik(rows, z);
            for (int r = 0; r < c; r++) {
                double[] w = new double[k];
                for (int j = 0; j < k; j++) w[j] = logW[r * k + j] - nll[r * k + j];
                total -= LogSumExp.logMeanExp(w);
            }
        }
        return total;
    }

    /**
     * calc_mi of the reference on one batch: mean_i E_q[log q(z|x_i)] − mean_i log((1/B)Σ_j q(z_i|x_j)), z_i ~ q(·|x_i).
     */
    public static double mutualInformation(LatentBatch q, double[][] z) {
        int b = q.size();
        double negEnt = 0, logQz = 0;
        double[] row = new double[b];
        for (int i = 0; i < b; i++) {
            negEnt += q.negEntropy(i);
            for (int j = 0; j < b; j++) row[j] = q.logDensity(j, z[i]);
            logQz += LogSumExp.logMeanExp(row);
        }
        return (negEnt - logQz) / b;
    }

    /** Unbiased per-dimension variance over examples of the posterior means. */
    public static double[] activeUnitVariances(double[][] means) {
        int n = means.length, d = means[0].length;
        double[] mean = new double[d], var = new double[d];
        for (double[] r : means) for (int j = 0; j < d; j++) mean[j] += r[j] / n;
        for (double[] r : means) for (int j = 0; j < d; j++) var[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
        for (int j = 0; j < d; j++) var[j] /= (n - 1);
        return var;
    }

    public static int countActive(double[] variances) {
        return (int) Arrays.stream(variances).filter(v -> v >= AU_THRESHOLD).count();
    }
}
