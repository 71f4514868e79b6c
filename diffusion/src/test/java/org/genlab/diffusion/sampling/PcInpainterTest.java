package org.genlab.diffusion.sampling;

import org.genlab.common.random.Rng;
import org.genlab.diffusion.Oracles;
import org.genlab.diffusion.score.AnalyticGaussianScore;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.Sde;
import org.genlab.diffusion.sde.VpSde;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inpainting with the exact score of Gaussian data. With independent coordinates the replacement method is exact:
 * known values come back as m_ε·data and the unknown ones follow the data marginal N(0, 0.25). With correlated
 * coordinates (ρ = 0.8) the unknown coordinate must move from its prior mean 0 towards the conditional mean ρ·a; the
 * replacement method is only approximately conditional (it uses ∇log p_t at the mean of the noisy known value), so
 * this second check is a band, not an equality.
 */
class PcInpainterTest {
    private static final int N = 4000;

    @Test
    void independentCoordinatesAreExact() {
        Sde sde = new VpSde(0.1, 20, 200);
        AnalyticGaussianScore score = AnalyticGaussianScore.isotropic(sde, Oracles.DATA_VAR);
        INDArray data = new Rng(1).gaussian(DataType.DOUBLE, N, 2).muli(0.5);
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, N, 2);
        mask.get(NDArrayIndex.all(), NDArrayIndex.point(0)).assign(1.0);
        SampleResult r = new PcInpainter(sde, score, "em", "none", 0.16, 1, 200, Double.NaN, true).run(data, mask, new Rng(2));
        INDArray known = r.samples().get(NDArrayIndex.all(), NDArrayIndex.point(0));
        INDArray expected = data.get(NDArrayIndex.all(), NDArrayIndex.point(0)).mul(sde.meanScale(sde.samplingEps()));
        assertTrue(known.equalsWithEps(expected, 1e-12), "known values are m_eps * data");
        INDArray unknown = r.samples().get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2));
        double var = Oracles.variance(unknown);
        assertEquals(Oracles.DATA_VAR, var, 4 * Oracles.varianceSe(Oracles.DATA_VAR, N, 1) + 0.005, "unknown values follow the marginal");
        assertEquals(200, r.nfe());
    }

    @Test
    void correlatedUnknownMovesTowardsTheConditionalMean() {
        Sde sde = new VpSde(0.1, 20, 200);
        double rho = 0.8;
        double[][] cov = {{0.25, rho * 0.25}, {rho * 0.25, 0.25}};
        AnalyticGaussianScore score = AnalyticGaussianScore.withCovariance(sde, cov);
        double a = 0.5;
        INDArray data = Nd4j.zeros(DataType.DOUBLE, N, 2);
        data.get(NDArrayIndex.all(), NDArrayIndex.point(0)).assign(a);
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, N, 2);
        mask.get(NDArrayIndex.all(), NDArrayIndex.point(0)).assign(1.0);
        SampleResult r = new PcInpainter(sde, score, "reverse_diffusion", "langevin", 0.16, 1, 200, Double.NaN, true)
                .run(data, mask, new Rng(3));
        double[] x2 = PerSample.toDoubles(r.samples().get(NDArrayIndex.all(), NDArrayIndex.point(1)));
        double mean = 0, sq = 0;
        for (double v : x2) {
            mean += v / N;
            sq += v * v / N;
        }
        double var = sq - mean * mean;
        double condMean = rho * a, condVar = 0.25 * (1 - rho * rho);
        System.out.printf("inpainting rho=%.1f: mean %.4f (conditional %.4f), var %.4f (conditional %.4f, marginal 0.25)%n",
                rho, mean, condMean, var, condVar);
        assertTrue(mean > 0.6 * condMean && mean < 1.2 * condMean, "mean " + mean + " vs conditional " + condMean);
        assertTrue(var < 0.6 * 0.25, "variance " + var + " must shrink well below the marginal 0.25");
        assertEquals(400, r.nfe());
    }
}
