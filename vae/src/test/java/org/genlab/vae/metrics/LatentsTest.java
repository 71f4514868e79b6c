package org.genlab.vae.metrics;

import org.genlab.common.math.VmfMath;
import org.genlab.common.random.Rng;
import org.genlab.vae.posterior.GaussianLatents;
import org.genlab.vae.posterior.LatentBatch;
import org.genlab.vae.posterior.VmfLatents;
import org.genlab.vae.vmf.OmegaTable;
import org.genlab.vae.vmf.SphereSampling;
import org.genlab.vae.vmf.WoodSampler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java-side posteriors the metrics rely on: for vMF, the density integrates to 1 over the sphere (uniform
 * Monte Carlo), and E_q[log q] and E_q[log q − log p] by sampling match negEntropy and kl; for Gaussians the same.
 */
class LatentsTest {
    @Test
    void vmfDensityEntropyAndKlAreConsistentWithItsSamples() {
        Rng rng = new Rng(1);
        int m = 4;
        double[] mu = SphereSampling.uniformUnit(rng, m);
        for (LatentBatch q : new LatentBatch[]{new VmfLatents(new double[][]{mu}, new double[]{7.5}, new WoodSampler(m)),
                new VmfLatents(new double[][]{mu}, new OmegaTable(m, 7.5))}) {
            int n = 200_000;
            double integral = 0;
            for (int i = 0; i < n; i++) integral += Math.exp(q.logDensity(0, SphereSampling.uniformUnit(rng, m)));
            integral *= Math.exp(VmfMath.logSphereArea(m)) / n;
            assertEquals(1.0, integral, 0.02, "integral of q over S^3");
            double negEnt = 0, kl = 0;
            int k = 50_000;
            for (int i = 0; i < k; i++) {
                double[] z = q.sample(0, rng);
                double lq = q.logDensity(0, z);
                negEnt += lq / k;
                kl += (lq - VmfLatents.logUniform(m)) / k;
            }
            assertEquals(q.negEntropy(0), negEnt, 0.02);
            assertEquals(q.kl(0), kl, 0.02);
            assertEquals(VmfMath.kl(m, 7.5), q.kl(0), 1e-12);
            double[] mean = q.mean(0);
            for (int j = 0; j < m; j++) assertEquals(VmfMath.meanCosine(m, 7.5) * mu[j], mean[j], 1e-12);
        }
    }

    @Test
    void gaussianEntropyAndKlMatchSampling() {
        Rng rng = new Rng(2);
        GaussianLatents q = new GaussianLatents(new double[][]{{0.3, -1.2, 2.0}}, new double[][]{{-0.5, 0.4, -2.0}});
        double negEnt = 0, kl = 0;
        int k = 100_000;
        for (int i = 0; i < k; i++) {
            double[] z = q.sample(0, rng);
            negEnt += q.logDensity(0, z) / k;
            kl += (q.logDensity(0, z) - GaussianLatents.logStandardNormal(z)) / k;
        }
        assertEquals(q.negEntropy(0), negEnt, 0.02);
        assertEquals(q.kl(0), kl, 0.03);
        assertTrue(q.kl(0) > 0);
    }
}
