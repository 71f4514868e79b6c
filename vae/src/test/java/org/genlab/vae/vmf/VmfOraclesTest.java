package org.genlab.vae.vmf;

import org.apache.commons.math3.special.Gamma;
import org.genlab.common.math.Bessel;
import org.genlab.common.math.Householder;
import org.genlab.common.math.VmfMath;
import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Householder map (MATH.md §1.3, §9.5) and the κ-score formulas of {@link KappaScore} against finite differences and against normalisation of π(ε|κ).
 */
class VmfOraclesTest {
    @Test
    void householderIsOrthogonalAndMapsE1ToMuExactly() {
        Rng rng = new Rng(7);
        for (int m : new int[]{2, 3, 6, 33}) {
            for (int trial = 0; trial < 20; trial++) {
                double[] mu = SphereSampling.uniformUnit(rng, m);
                if (trial == 0) { // close to e₁ (just above common.math's identity guard): Parlett's form keeps T e₁ = μ
                    mu = new double[m];
                    mu[0] = 1;
                    mu[1] = 3e-6;
                    double n = VmfSamplerTest.norm(mu);
                    for (int j = 0; j < m; j++) mu[j] /= n;
                }
                if (trial == 1) { // nearly −e₁
                    mu = new double[m];
                    mu[0] = -1;
                    mu[m - 1] = 1e-3;
                    double n = VmfSamplerTest.norm(mu);
                    for (int j = 0; j < m; j++) mu[j] /= n;
                }
                Householder h = Householder.fromE1(mu);
                double[][] t = h.matrix(m);
                double[] e1 = new double[m];
                e1[0] = 1;
                double[] te1 = h.apply(e1);
                for (int j = 0; j < m; j++) assertEquals(mu[j], te1[j], 1e-15 * (1 + 1e2 * Math.abs(mu[j])) , "T e1 = mu");
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        double s = 0;
                        for (int k = 0; k < m; k++) s += t[k][i] * t[k][j];
                        assertEquals(i == j ? 1.0 : 0.0, s, 1e-14, "T^T T = I");
                    }
                }
            }
        }
    }

    /** ∂h/∂κ and ∂_κ log π against central differences of the closed forms (log C_m from Bessel). */
    @Test
    void kappaScoreMatchesFiniteDifferences() {
        for (int m : new int[]{2, 3, 5, 20}) {
            for (double kappa : new double[]{0.5, 3, 30, 300}) {
                for (double eps : new double[]{0.05, 0.3, 0.7, 0.97}) {
                    double h = 1e-5 * kappa;
                    double fdOmega = (omega(m, kappa + h, eps) - omega(m, kappa - h, eps)) / (2 * h);
                    assertEquals(fdOmega, KappaScore.omegaDerivative(m, kappa, eps), 1e-6 * (1 + Math.abs(fdOmega)));
                    double fdLog = (logPi(m, kappa + h, eps) - logPi(m, kappa - h, eps)) / (2 * h);
                    assertEquals(fdLog, KappaScore.logAcceptedDensityDerivative(m, kappa, eps), 1e-5 * (1 + Math.abs(fdLog)),
                            "score at m=" + m + ", kappa=" + kappa + ", eps=" + eps);
                }
                double u = 0.37, h = 1e-5 * kappa;
                double fd = (1 - WoodSampler.closedFormOneMinusOmega(u, kappa + h) - 1 + WoodSampler.closedFormOneMinusOmega(u, kappa - h)) / (2 * h);
                assertEquals(fd, KappaScore.closedFormOmegaDerivative(kappa, u), 1e-6 * (1 + Math.abs(fd)));
            }
        }
    }

    /** π(ε|κ) = g(h(ε,κ)|κ)|∂h/∂ε| with the full normaliser integrates to 1 over ε ∈ (0, 1). */
    @Test
    void acceptedDensityIsNormalised() {
        for (int m : new int[]{3, 5, 20}) {
            for (double kappa : new double[]{1, 10, 100}) {
                int n = 200_000;
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    double eps = (i + 0.5) / n;
                    sum += Math.exp(logPi(m, kappa, eps) + logSphereArea(m - 1));
                }
                assertEquals(1.0, sum / n, 2e-4, "integral of pi(eps|kappa) at m=" + m + ", kappa=" + kappa);
            }
        }
    }

    private static double omega(int m, double kappa, double eps) {
        double b = KappaScore.b(m, kappa);
        return (1 - (1 + b) * eps) / (1 - (1 - b) * eps);
    }

    /** log π(ε|κ) without the constant log|S^{m−2}|. */
    private static double logPi(int m, double kappa, double eps) {
        double b = KappaScore.b(m, kappa), den = 1 - (1 - b) * eps;
        double w = (1 - (1 + b) * eps) / den;
        double oneMinusSq = 4 * b * eps * (1 - eps) / (den * den);
        return VmfMath.logNormalizer(m, kappa) + kappa * w + 0.5 * (m - 3) * Math.log(oneMinusSq) + Math.log(2 * b) - 2 * Math.log(den);
    }

    /** log|S^{k−1}| in R^k (the ω-marginal carries |S^{m−2}|, the sphere in R^{m−1}). */
    private static double logSphereArea(int k) {
        return Math.log(2) + (k / 2.0) * Math.log(Math.PI) - Gamma.logGamma(k / 2.0);
    }

    @Test
    void besselRatioDerivativeIsWhatTheScoreTestUses() {
        // A'(κ) = 1 − A² − (m−1)A/κ, the oracle of the κ-gradient estimator test
        for (int m : new int[]{3, 5, 10}) {
            for (double kappa : new double[]{2, 20}) {
                double h = 1e-5;
                double fd = (Bessel.ratioA(m, kappa + h) - Bessel.ratioA(m, kappa - h)) / (2 * h);
                assertEquals(fd, Bessel.ratioADerivative(m, kappa), 1e-8);
                assertTrue(Bessel.ratioADerivative(m, kappa) > 0);
            }
        }
    }
}
