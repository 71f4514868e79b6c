package org.genlab.vae.posterior;

import org.genlab.common.math.Bessel;
import org.genlab.common.math.VmfMath;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.vae.vmf.KappaScore;
import org.genlab.vae.vmf.SphereSampling;
import org.genlab.vae.vmf.WoodSampler;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The κ-gradient the learned-κ vMF graph produces, on f(z) = μᵀz whose expectation is known: E_q[μᵀz] = A_m(κ), so
 * the exact gradient is A_m'(κ). Every row of a batch has its own κ variable (all equal), so one backward pass gives
 * N independent single-draw estimates g_i = ∂f_i/∂κ_i (+ the score term); their mean must match A_m'(κ) within
 * its standard error with the rejection correction. Without it the estimator is biased; the bias is measured and
 * printed. Also checks each row against the Java closed forms (KappaScore) and the KL surrogate's value and gradient.
 */
class KappaGradientEstimatorTest {
    private static final int N = 20_000;

    /** Mean and standard error of the per-row κ-gradients of E[μᵀz]. */
    private record Estimate(double mean, double se, double[] perRow, double[] noise, double[] klGrad, double[] kl) {
    }

    private static Estimate estimate(int m, double kappa0, boolean correction, boolean closedFormForM3, long seed) {
        return estimate(m, kappa0, correction, closedFormForM3, false, 0.0, seed);
    }

    private static Estimate estimate(int m, double kappa0, boolean correction, boolean closedFormForM3, boolean loo, double offset, long seed) {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(seed));
        SameDiff sd = g.sd();
        Rng rng = new Rng(seed + 100);
        double[] mu0 = SphereSampling.uniformUnit(rng, m);
        double[][] muRows = new double[N][];
        for (int i = 0; i < N; i++) muRows[i] = mu0;
        SDVariable mu = sd.constant("mu", Nd4j.createFromArray(muRows));
        SDVariable kappa = sd.var("kappa", Nd4j.valueArrayOf(new long[]{N, 1}, kappa0, DataType.DOUBLE));
        VmfPosterior post = VmfPosterior.learned(m, correction, WoodSampler.BMode.EXACT, closedFormForM3);
        Heads heads = post.buildLearned(g.scope("post"), mu, kappa);
        SDVariable f = heads.z().mul(mu).sum(1);                    // μᵀz per row
        SDVariable lossRows = f.neg().sub(offset);                   // a "loss" −f − c, like a VAE's reconstruction term
        SDVariable corr = heads.scoreCorrection(lossRows, loo);
        SDVariable total = (corr == null ? lossRows : lossRows.add(corr)).sum().rename("loss");
        SDVariable klSum = heads.kl().sum().rename("kl_sum");
        sd.setLossVariables("loss");
        Map<String, INDArray> feeds = new HashMap<>(post.noise(rng, N, Map.of(post.kappaName(),
                Nd4j.valueArrayOf(new long[]{N, 1}, kappa0, DataType.DOUBLE)), DataType.DOUBLE));
        double[] grad = sd.calculateGradients(feeds, List.of("kappa")).get("kappa").reshape(-1).toDoubleVector();
        double sum = 0, sumSq = 0;
        for (int i = 0; i < N; i++) {
            grad[i] = -grad[i];
            sum += grad[i];
            sumSq += grad[i] * grad[i];
        }
        double mean = sum / N, se = Math.sqrt((sumSq / N - mean * mean) / N);
        double[] noise = feeds.get("post/omega_noise").reshape(-1).toDoubleVector();
        // KL surrogate: value and κ-gradient of Σ_i KL_i
        sd.setLossVariables("kl_sum");
        double[] klGrad = sd.calculateGradients(feeds, List.of("kappa")).get("kappa").reshape(-1).toDoubleVector();
        double[] kl = new double[]{sd.output(feeds, "kl_sum").get("kl_sum").getDouble(0)};
        return new Estimate(mean, se, grad, noise, klGrad, kl);
    }

    @Test
    void correctedEstimatorIsUnbiasedAndMatchesClosedForms() {
        for (int m : new int[]{3, 5, 10}) {
            for (double kappa : new double[]{1.5, 5, 20}) {
                Estimate e = estimate(m, kappa, true, false, 10L * m + (long) kappa);
                double exact = Bessel.ratioADerivative(m, kappa);
                System.out.printf("with correction    m=%2d kappa=%5.1f: mean dE/dkappa %.5f +- %.5f, exact A' %.5f (%.1f se)%n",
                        m, kappa, e.mean(), e.se(), exact, Math.abs(e.mean() - exact) / e.se());
                assertTrue(Math.abs(e.mean() - exact) < 4.5 * e.se(), "corrected estimator at m=" + m + ", kappa=" + kappa
                        + ": mean " + e.mean() + " vs A' " + exact + " (se " + e.se() + ")");
                for (int i = 0; i < 50; i++) {
                    double eps = e.noise()[i];
                    double w = 1 - 2 * KappaScore.b(m, kappa) * eps / (1 - (1 - KappaScore.b(m, kappa)) * eps);
                    double javaEst = KappaScore.omegaDerivative(m, kappa, eps) + w * KappaScore.logAcceptedDensityDerivative(m, kappa, eps);
                    assertEquals(javaEst, e.perRow()[i], 1e-8 * (1 + Math.abs(javaEst)), "row " + i);
                }
                double dkl = VmfMath.klDerivative(m, kappa);
                for (int i = 0; i < 10; i++) assertEquals(dkl, e.klGrad()[i], 1e-12 * (1 + dkl), "KL surrogate gradient");
                assertEquals(N * VmfMath.kl(m, kappa), e.kl()[0], 1e-9 * N, "KL surrogate value");
            }
        }
    }

    /**
     * f + c has the same gradient; a large offset c (a VAE's reconstruction loss is ~100 nats) multiplies the score
     * term. The leave-one-out baseline keeps the estimator unbiased and removes the offset's variance.
     */
    @Test
    void leaveOneOutBaselineStaysUnbiased() {
        for (int m : new int[]{5, 10}) {
            double kappa = 5;
            Estimate plain = estimate(m, kappa, true, false, false, 100.0, 77L + m);
            Estimate loo = estimate(m, kappa, true, false, true, 100.0, 77L + m);
            double exact = Bessel.ratioADerivative(m, kappa);
            System.out.printf("leave-one-out baseline m=%2d kappa=%.1f: mean %.5f +- %.5f (plain: +- %.5f), exact %.5f%n",
                    m, kappa, loo.mean(), loo.se(), plain.se(), exact);
            assertTrue(Math.abs(loo.mean() - exact) < 4.5 * loo.se(), "LOO baseline at m=" + m + ": " + loo.mean() + " vs " + exact);
            assertTrue(Math.abs(plain.mean() - exact) < 4.5 * plain.se(), "offset, no baseline, at m=" + m);
            assertTrue(loo.se() < 0.2 * plain.se(), "the baseline should remove most of the offset's variance");
        }
    }

    /** The m = 3 closed form is an exact reparameterisation: the pathwise gradient alone is unbiased. */
    @Test
    void closedFormAtM3IsUnbiasedWithoutCorrection() {
        for (double kappa : new double[]{0.5, 3, 30}) {
            Estimate e = estimate(3, kappa, true, true, 7 + (long) kappa);
            double exact = Bessel.ratioADerivative(3, kappa);
            assertTrue(Math.abs(e.mean() - exact) < 4.5 * e.se(), "closed form at kappa=" + kappa + ": " + e.mean() + " vs " + exact);
            for (int i = 0; i < 20; i++) {
                assertEquals(KappaScore.closedFormOmegaDerivative(kappa, e.noise()[i]), e.perRow()[i], 1e-9);
            }
        }
    }

    /** g_rep alone (what code:s-vae implements) is biased for rejection-sampled ω; measured and printed. */
    @Test
    void pathwiseOnlyEstimatorIsBiased() {
        int biased = 0;
        StringBuilder report = new StringBuilder();
        for (int m : new int[]{3, 5, 10}) {
            for (double kappa : new double[]{1.5, 5, 20}) {
                Estimate e = estimate(m, kappa, false, false, 1000L + 10L * m + (long) kappa);
                double exact = Bessel.ratioADerivative(m, kappa);
                double z = Math.abs(e.mean() - exact) / e.se();
                String line = String.format("without correction m=%2d kappa=%5.1f: mean %.5f +- %.5f, exact A' %.5f, bias %+.5f (%.1f se, %.0f%% of A')%n",
                        m, kappa, e.mean(), e.se(), exact, e.mean() - exact, z, 100 * (e.mean() - exact) / exact);
                System.out.print(line);
                report.append(line);
                if (z > 6) biased++;
            }
        }
        assertTrue(biased >= 5, "expected g_rep alone to be visibly biased in most settings:\n" + report);
    }
}
