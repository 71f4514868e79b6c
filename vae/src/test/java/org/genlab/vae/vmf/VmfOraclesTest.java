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
 * MATH.md §9.1–9.2 tables for the KL and A_m that the vMF posteriors use, the Householder map (§1.3, §9.5), and the
 * κ-score formulas of {@link KappaScore} against finite differences and against normalisation of π(ε|κ).
 */
class VmfOraclesTest {
    private static final double[] KAPPAS = {1, 5, 10, 20, 50, 80, 150};

    @Test
    void klMatchesTable91() {
        int[] ms = {3, 4, 5, 6, 10, 32, 50};
        double[][] table = {
                {0.1516, 1.3031, 1.9957, 2.6889, 3.6052, 4.0752, 4.7038},
                {0.1177, 1.3211, 2.2611, 3.2584, 4.6091, 5.3083, 6.2468},
                {0.0959, 1.2858, 2.4162, 3.6899, 5.4592, 6.3838, 7.6292},
                {0.0808, 1.2277, 2.5002, 4.0235, 6.1957, 7.3419, 8.8912},
                {0.0494, 0.9685, 2.4845, 4.7621, 8.3919, 10.3861, 13.1217},
                {0.0156, 0.3778, 1.3813, 4.2459, 12.2534, 17.8631, 26.2907},
                {0.0100, 0.2465, 0.9466, 3.2988, 12.1051, 19.5152, 31.6003}};
        for (int i = 0; i < ms.length; i++) {
            for (int j = 0; j < KAPPAS.length; j++) {
                assertEquals(table[i][j], VmfMath.kl(ms[i], KAPPAS[j]), 1e-4, "KL at m=" + ms[i] + ", kappa=" + KAPPAS[j]);
            }
        }
    }

    @Test
    void meanCosineMatchesTable92() {
        int[] ms = {3, 4, 10, 50};
        double[][] table = {
                {0.3130, 0.8001, 0.9000, 0.9500, 0.9800, 0.9875, 0.9933},
                {0.2402, 0.7193, 0.8542, 0.9260, 0.9702, 0.9813, 0.9900},
                {0.0992, 0.4225, 0.6337, 0.7955, 0.9132, 0.9450, 0.9704},
                {0.0200, 0.0991, 0.1928, 0.3520, 0.6211, 0.7383, 0.8495}};
        for (int i = 0; i < ms.length; i++) {
            for (int j = 0; j < KAPPAS.length; j++) {
                assertEquals(table[i][j], VmfMath.meanCosine(ms[i], KAPPAS[j]), 1e-4, "A at m=" + ms[i] + ", kappa=" + KAPPAS[j]);
            }
        }
    }

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
