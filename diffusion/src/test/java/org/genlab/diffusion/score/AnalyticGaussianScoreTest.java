package org.genlab.diffusion.score;

import org.genlab.common.random.Rng;
import org.genlab.diffusion.sde.Sde;
import org.genlab.diffusion.sde.SubVpSde;
import org.genlab.diffusion.sde.VeSde;
import org.genlab.diffusion.sde.VpSde;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The analytic score is the gradient of the analytic log density, and its vjp/divergence its exact derivatives. */
class AnalyticGaussianScoreTest {
    private static final double H = 1e-5;

    @Test
    void isotropicMatchesSection93Formula() {
        Sde sde = new VpSde();
        AnalyticGaussianScore s = AnalyticGaussianScore.isotropic(sde, 0.25);
        INDArray x = Nd4j.create(new double[][]{{0.3, -0.4}, {1.0, 2.0}});
        INDArray t = Nd4j.create(new double[]{0.1, 0.6});
        INDArray sc = s.score(x, t);
        for (int i = 0; i < 2; i++) {
            double tt = t.getDouble(i);
            double v = Math.pow(sde.meanScale(tt), 2) * 0.25 + Math.pow(sde.std(tt), 2);
            for (int j = 0; j < 2; j++) assertEquals(-x.getDouble(i, j) / v, sc.getDouble(i, j), 1e-14);
        }
        assertEquals(1, s.evaluations());
    }

    @Test
    void isotropicDerivativesByFiniteDifferences() {
        for (Sde sde : new Sde[]{new VpSde(), new SubVpSde(), new VeSde()}) {
            check(AnalyticGaussianScore.isotropic(sde, 0.25), 3, 0.3);
        }
    }

    @Test
    void correlatedDerivativesByFiniteDifferences() {
        double[][] cov = {{0.5, 0.3, -0.1}, {0.3, 0.4, 0.05}, {-0.1, 0.05, 0.2}};
        check(AnalyticGaussianScore.withCovariance(new VpSde(), cov), 3, 0.05);
        check(AnalyticGaussianScore.withCovariance(new VeSde(), cov), 3, 0.2);
    }

    /** score = ∇ log p_t (central differences), vjp(e_k) = row k of the FD Jacobian of the score, divergence = its trace. */
    private static void check(AnalyticGaussianScore s, int d, double time) {
        Rng rng = new Rng(12);
        INDArray x = rng.gaussian(DataType.DOUBLE, 2, d).muli(0.7);
        INDArray t = Nd4j.create(new double[]{time, time * 0.5 + 0.1});
        INDArray sc = s.score(x, t);
        double[] trace = new double[2];
        for (int k = 0; k < d; k++) {
            INDArray xp = x.dup();
            INDArray xm = x.dup();
            for (int i = 0; i < 2; i++) {
                xp.putScalar(i, k, x.getDouble(i, k) + H);
                xm.putScalar(i, k, x.getDouble(i, k) - H);
            }
            INDArray dlogp = s.logDensity(xp, t).sub(s.logDensity(xm, t)).divi(2 * H);
            INDArray dscore = s.score(xp, t).sub(s.score(xm, t)).divi(2 * H); // column k of J (J symmetric)
            INDArray e = Nd4j.zeros(DataType.DOUBLE, 2, d);
            for (int i = 0; i < 2; i++) e.putScalar(i, k, 1.0);
            INDArray vjp = s.vjp(x, t, e); // row k of J
            for (int i = 0; i < 2; i++) {
                double scale = Math.max(1, Math.abs(sc.getDouble(i, k)));
                assertEquals(dlogp.getDouble(i), sc.getDouble(i, k), 1e-6 * scale, s.sde().name() + " score");
                for (int j = 0; j < d; j++) {
                    assertEquals(dscore.getDouble(i, j), vjp.getDouble(i, j), 1e-6 * Math.max(1, Math.abs(vjp.getDouble(i, j))), "vjp");
                }
                trace[i] += dscore.getDouble(i, k);
            }
        }
        INDArray div = s.divergence(x, t);
        for (int i = 0; i < 2; i++) assertEquals(trace[i], div.getDouble(i), 1e-6 * Math.max(1, Math.abs(trace[i])), "divergence");
    }
}
