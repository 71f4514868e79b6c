package org.genlab.vae.metrics;

import org.genlab.common.random.Rng;
import org.genlab.vae.posterior.GaussianLatents;
import org.genlab.vae.posterior.LatentBatch;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics on a linear-Gaussian model where everything is known: p(z) = N(0, I₂), p(x|z) = N(z₁, s²) (z₂ unused),
 * so p(x) = N(0, 1 + s²), the exact posterior is N(x/(1+s²), s²/(1+s²)) on z₁ and the prior on z₂,
 * I(x; z) = ½ log(1 + 1/s²), and exactly one unit is active.
 */
class VaeMetricsTest {
    private static final double S2 = 1.0;

    /** Data x_i and an encoder q(z|x) = N(a·x, v) on z₁ (exact when a = 1/(1+s²), v = s²/(1+s²)), prior on z₂. */
    private static EvalSource source(double[] x, double a, double v) {
        return new EvalSource() {
            @Override
            public int size() {
                return x.length;
            }

            @Override
            public LatentBatch encode(int[] ex) {
                double[][] mu = new double[ex.length][], lv = new double[ex.length][];
                for (int r = 0; r < ex.length; r++) {
                    mu[r] = new double[]{a * x[ex[r]], 0};
                    lv[r] = new double[]{Math.log(v), 0};
                }
                return new GaussianLatents(mu, lv);
            }

            @Override
            public double[] negLogLik(int[] ex, double[][] z) {
                double[] out = new double[ex.length];
                for (int r = 0; r < ex.length; r++) {
                    double d = x[ex[r]] - z[r][0];
                    out[r] = 0.5 * (d * d / S2 + Math.log(2 * Math.PI * S2));
                }
                return out;
            }

            @Override
            public double logPrior(double[] z) {
                return GaussianLatents.logStandardNormal(z);
            }
        };
    }

    private static double[] data(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.sqrt(1 + S2) * rng.nextGaussian();
        return x;
    }

    private static double exactNll(double[] x) {
        double s = 0;
        for (double v : x) s += 0.5 * (v * v / (1 + S2) + Math.log(2 * Math.PI * (1 + S2)));
        return s / x.length;
    }

    @Test
    void exactPosteriorGivesExactLikelihoodMutualInformationAndOneActiveUnit() {
        double[] x = data(2000, 1);
        Map<String, Double> m = VaeMetrics.evaluate(source(x, 1 / (1 + S2), S2 / (1 + S2)),
                new VaeMetrics.Options(5, 1000, 4000, Integer.MAX_VALUE), new Rng(2));
        // with the exact posterior every importance weight equals p(x): the estimate is exact for any K
        assertEquals(exactNll(x), m.get("nll_iw"), 1e-9);
        // ELBO = log p(x) − KL(q ‖ p(z|x)) = log p(x) in expectation
        assertEquals(-exactNll(x), m.get("elbo"), 0.05);
        assertEquals(0.5 * Math.log(1 + 1 / S2), m.get("mi"), 0.03);
        assertEquals(1.0, m.get("au"));
        assertEquals(0.0, m.get("kl_dim/1"), 1e-12);
        assertEquals(m.get("kl"), m.get("kl_dim/0") + m.get("kl_dim/1"), 1e-12);
    }

    /** A worse encoder: ELBO below log p(x); the IW bound tightens with K towards the exact NLL. */
    @Test
    void importanceSamplingTightensWithK() {
        double[] x = data(4000, 3);
        double exact = exactNll(x);
        double prev = Double.POSITIVE_INFINITY;
        for (int k : new int[]{1, 10, 200}) {
            Map<String, Double> m = VaeMetrics.evaluate(source(x, 0.3, 0.8), new VaeMetrics.Options(k, 100, 5000, Integer.MAX_VALUE), new Rng(k));
            double nll = m.get("nll_iw");
            assertTrue(nll > exact - 0.01, "IW-NLL " + nll + " must be >= exact " + exact + " (up to noise) at K=" + k);
            assertTrue(nll < prev + 0.01, "IW-NLL should not grow with K: " + prev + " -> " + nll);
            if (k == 1) assertEquals(-m.get("elbo"), nll, 0.1, "K = 1 is a single-sample ELBO (the same bound, noisier)");
            prev = nll;
        }
        assertEquals(exact, prev, 0.02, "K=200 is close to exact");
    }

    @Test
    void activeUnitsUseTheUnbiasedVarianceAndTheThreshold() {
        double[][] means = {{0, 0.1, 5}, {0, -0.1, 5}, {0, 0.1, 5}, {0, -0.1, 5}};
        double[] v = VaeMetrics.activeUnitVariances(means);
        assertEquals(0.0, v[0]);
        assertEquals(4 * 0.01 / 3, v[1], 1e-15);
        assertEquals(1, VaeMetrics.countActive(v));
    }
}
