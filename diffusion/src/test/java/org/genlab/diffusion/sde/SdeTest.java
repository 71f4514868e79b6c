package org.genlab.diffusion.sde;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;
import org.genlab.diffusion.Oracles;
import org.genlab.diffusion.score.AnalyticGaussianScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdeTest {
    private static final double[] TIMES = {1e-5, 1e-3, 0.05, 0.3, 0.5, 0.77, 0.999};

    /**
     * The kernel must solve the moment ODEs of the linear SDE (MATH.md §4.1, "[INFER, checked]"):
     * d ln m_t/dt = f_t and dσ_t²/dt = 2 f_t σ_t² + g_t², checked with central differences of m and σ².
     */
    @ParameterizedTest
    @ValueSource(strings = {"ve", "vp", "subvp"})
    void kernelSolvesTheMomentOdes(String name) {
        Sde sde = Oracles.sde(name, 1000);
        for (double t : TIMES) {
            double h = 1e-6;
            double dlogm = (Math.log(sde.meanScale(t + h)) - Math.log(sde.meanScale(t - h))) / (2 * h);
            assertEquals(sde.driftRate(t), dlogm, 1e-6 * Math.max(1, Math.abs(dlogm)), name + " drift at t=" + t);
            double dvar = (sq(sde.std(t + h)) - sq(sde.std(t - h))) / (2 * h);
            double rhs = 2 * sde.driftRate(t) * sq(sde.std(t)) + sq(sde.diffusion(t));
            assertEquals(rhs, dvar, 1e-6 * Math.max(1e-3, Math.abs(rhs)), name + " variance ODE at t=" + t);
        }
    }

    @Test
    void closedFormsOfSection41() {
        VeSde ve = new VeSde();
        assertEquals(50.0, ve.std(1.0), 1e-12);
        assertEquals(0.01, ve.std(0.0), 1e-15);
        assertEquals(0.01 * Math.pow(5000, 0.3) * Math.sqrt(2 * Math.log(5000)), ve.diffusion(0.3), 1e-12);
        VpSde vp = new VpSde();
        double lm = -0.25 * 0.4 * 0.4 * 19.9 - 0.5 * 0.4 * 0.1;
        assertEquals(Math.exp(lm), vp.meanScale(0.4), 1e-15);
        assertEquals(Math.sqrt(1 - Math.exp(2 * lm)), vp.std(0.4), 1e-14);
        assertEquals(Math.sqrt(0.1 + 0.4 * 19.9), vp.diffusion(0.4), 1e-14);
        SubVpSde sub = new SubVpSde();
        assertEquals(1 - Math.exp(2 * lm), sub.std(0.4), 1e-14);
        assertEquals(Math.sqrt((0.1 + 0.4 * 19.9) * (1 - Math.exp(-2 * 0.1 * 0.4 - 19.9 * 0.16))), sub.diffusion(0.4), 1e-14);
        assertEquals(1e-5, ve.samplingEps());
        assertEquals(1e-3, vp.samplingEps());
        assertEquals(1e-3, sub.samplingEps());
    }

    @Test
    void smldAndDdpmDiscretisations() {
        VeSde ve = new VeSde(0.01, 50, 10);
        INDArray x = Nd4j.create(new double[][]{{1, 2}, {3, 4}});
        // t = T → i = N−1: G = √(σ_max² − σ_{N−2}²); σ_i = exp(linspace(ln σ_min, ln σ_max, N))
        double s8 = Math.exp(Math.log(0.01) + 8 * (Math.log(50) - Math.log(0.01)) / 9);
        Discretization d = ve.discretize(x, Nd4j.create(new double[]{1.0, 0.0}));
        assertEquals(Math.sqrt(2500 - s8 * s8), d.g().getDouble(0), 1e-10);
        assertEquals(0.01, d.g().getDouble(1), 1e-15, "σ_{-1} = 0 at the first step");
        assertEquals(0.0, d.f().norm2Number().doubleValue());

        VpSde vp = new VpSde(0.1, 20, 40);
        // t = 0.5 → i = floor(0.5·39) = 19; β_i = linspace(β_min/N, β_max/N, N)[19]
        double b4 = 0.1 / 40 + 19 * (20.0 / 40 - 0.1 / 40) / 39;
        Discretization dv = vp.discretize(x, Nd4j.create(new double[]{0.5, 0.5}));
        assertEquals(Math.sqrt(b4), dv.g().getDouble(0), 1e-14);
        assertEquals((Math.sqrt(1 - b4) - 1) * 4, dv.f().getDouble(1, 1), 1e-14);

        SubVpSde sub = new SubVpSde(0.1, 20, 40);
        Discretization ds = sub.discretize(x, Nd4j.scalar(0.5));
        assertEquals(sub.driftRate(0.5) / 40 * 3, ds.f().getDouble(1, 0), 1e-14, "Euler–Maruyama f = drift·(1/N)");
        assertEquals(sub.diffusion(0.5) * Math.sqrt(1.0 / 40), ds.g().getDouble(0), 1e-14, "Euler–Maruyama G = g·√(1/N)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ve", "vp", "subvp"})
    void priorLogpIsTheIsotropicGaussian(String name) {
        Sde sde = Oracles.sde(name, 100);
        INDArray z = sde.priorSample(new long[]{3, 2, 2}, new Rng(5), DataType.DOUBLE);
        NormalDistribution nd = new NormalDistribution(0, sde.priorStd());
        INDArray lp = sde.priorLogp(z);
        for (int i = 0; i < 3; i++) {
            double want = 0;
            for (double v : PerSample.toDoubles(z.slice(i))) want += nd.logDensity(v);
            assertEquals(want, lp.getDouble(i), 1e-10);
        }
    }

    @Test
    void reverseDriftAndProbabilityFlow() {
        Sde sde = new VpSde();
        AnalyticGaussianScore score = AnalyticGaussianScore.isotropic(sde, 0.25);
        INDArray x = Nd4j.create(new double[][]{{0.3, -1.2}, {2.0, 0.5}});
        INDArray t = Nd4j.create(new double[]{0.2, 0.7});
        INDArray rev = sde.reverse(score, false).drift(x, t);
        INDArray pf = sde.reverse(score, true).drift(x, t);
        for (int i = 0; i < 2; i++) {
            double tt = t.getDouble(i);
            double v = 0.25 * sq(sde.meanScale(tt)) + sq(sde.std(tt));
            for (int j = 0; j < 2; j++) {
                double xv = x.getDouble(i, j);
                double s = -xv / v;
                assertEquals(sde.driftRate(tt) * xv - sq(sde.diffusion(tt)) * s, rev.getDouble(i, j), 1e-12);
                assertEquals(sde.driftRate(tt) * xv - 0.5 * sq(sde.diffusion(tt)) * s, pf.getDouble(i, j), 1e-12);
            }
        }
        assertEquals(0.0, sde.reverse(score, true).diffusion(t).norm2Number().doubleValue());
        assertEquals(sde.diffusion(0.7), sde.reverse(score, false).diffusion(t).getDouble(1), 1e-14);
    }

    /** The flat double form the ODE solvers call gives the batched form's drift, for VE, VP and sub-VP. */
    @ParameterizedTest
    @ValueSource(strings = {"ve", "vp", "subvp"})
    void flatDriftIsTheBatchedDrift(String name) {
        Sde sde = SdeFactory.parse(name);
        AnalyticGaussianScore score = AnalyticGaussianScore.isotropic(sde, 0.25);
        double[] y = {0.3, -1.2, 2.0, 0.5, -0.7, 1.1};
        double[] dy = new double[y.length];
        for (boolean flow : new boolean[]{true, false}) {
            ReverseSde r = sde.reverse(score, flow);
            r.drift(y, 0.4, new long[]{3, 2}, DataType.DOUBLE, dy);
            INDArray batched = r.drift(Nd4j.create(y, new long[]{3, 2}, DataType.DOUBLE), PerSample.fill(0.4, 3, DataType.DOUBLE));
            for (int i = 0; i < y.length; i++) {
                assertEquals(batched.getDouble(i / 2, i % 2), dy[i], 1e-12 * (1 + Math.abs(dy[i])), name + " flow " + flow + " [" + i + "]");
            }
        }
    }

    @Test
    void factoryParsesNamesAndParameters() {
        assertTrue(SdeFactory.parse("vp") instanceof VpSde);
        assertTrue(SdeFactory.parse(" SubVP ") instanceof SubVpSde);
        Sde ve = SdeFactory.parse("ve", Map.of("sigma_max", 8.0, "N", 500));
        assertEquals(8.0, ve.priorStd());
        assertEquals(500, ve.N());
        UsageException e = assertThrows(UsageException.class, () -> SdeFactory.parse("vpp"));
        assertTrue(e.getMessage().contains("ve, vp, subvp"), e.getMessage());
        e = assertThrows(UsageException.class, () -> SdeFactory.parse("vp", Map.of("sigma_max", 3.0)));
        assertTrue(e.getMessage().contains("beta_min, beta_max, N"), e.getMessage());
        assertThrows(UsageException.class, () -> SdeFactory.parse("ve", Map.of("sigma_min", 5.0, "sigma_max", 1.0)));
        assertThrows(UsageException.class, () -> SdeFactory.parse("vp", Map.of("N", 10.5)));
        assertThrows(UsageException.class, () -> SdeFactory.parse("vp", Map.of("beta_max", 40.0, "N", 20)));
    }

    private static double sq(double v) {
        return v * v;
    }
}
