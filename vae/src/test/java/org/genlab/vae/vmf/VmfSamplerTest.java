package org.genlab.vae.vmf;

import org.genlab.common.math.VmfMath;
import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wood's rejection sampler and Su's inverse-CDF table against the exact moments of ω = μᵀz (MATH.md §9.2):
 * E[ω] = A_m(κ) and E[ω²] = 1 − (m−1)A_m(κ)/κ, both within sampling error; the z constructions against
 * E[z] = A_m(κ)μ; finiteness over κ from 0.01 to 1e4 at m = 2, 3.
 */
class VmfSamplerTest {
    private static final int N = 20_000;

    private static void checkOmegaMoments(String what, int m, double kappa, java.util.function.DoubleSupplier draw) {
        MomentCheck first = new MomentCheck(), second = new MomentCheck();
        for (int i = 0; i < N; i++) {
            double w = draw.getAsDouble();
            assertTrue(w >= -1 && w <= 1, what + ": omega " + w + " outside [-1, 1]");
            first.add(w);
            second.add(w * w);
        }
        double a = VmfMath.meanCosine(m, kappa);
        first.assertMean(a, 4.5, what + " E[omega] at m=" + m + ", kappa=" + kappa);
        second.assertMean(1 - (m - 1) * a / kappa, 4.5, what + " E[omega^2] at m=" + m + ", kappa=" + kappa);
    }

    @Test
    void woodSamplerMatchesBesselRatio() {
        Rng rng = new Rng(1);
        for (int m : new int[]{2, 3, 4, 10, 50}) {
            for (double kappa : new double[]{1, 5, 20, 80}) {
                WoodSampler closed = new WoodSampler(m), wood = new WoodSampler(m, WoodSampler.BMode.EXACT, false);
                checkOmegaMoments("wood", m, kappa, () -> wood.draw(rng, kappa).omega());
                if (m == 3) checkOmegaMoments("closed form", m, kappa, () -> closed.draw(rng, kappa).omega());
            }
        }
    }

    @Test
    void tableSamplerMatchesBesselRatio() {
        Rng rng = new Rng(2);
        // (4, 20) is MATH.md §3.4's example: A = 0.92599
        assertEquals(0.92599, VmfMath.meanCosine(4, 20), 5e-6);
        for (int m : new int[]{2, 3, 4, 10}) {
            for (double kappa : new double[]{1, 20, 80}) {
                OmegaTable t = new OmegaTable(m, kappa);
                checkOmegaMoments("table", m, kappa, () -> t.draw(rng));
            }
        }
    }

    /**
     * The reference's Taylor b = (m−1)/(4κ) (used in full for κ ≥ 11) is not the envelope's optimum for κ not ≫ m,
     * so its acceptance test is not an envelope bound: E[ω] is biased. Measured at m = 50, κ = 20 and 40.
     */
    @Test
    void referenceBlendOfBIsBiasedForLargeDimension() {
        Rng rng = new Rng(3);
        WoodSampler blend = new WoodSampler(50, WoodSampler.BMode.REFERENCE_BLEND, false);
        WoodSampler exact = new WoodSampler(50, WoodSampler.BMode.EXACT, false);
        for (double kappa : new double[]{20, 40}) {
            MomentCheck b = new MomentCheck(), e = new MomentCheck();
            for (int i = 0; i < N; i++) {
                b.add(blend.draw(rng, kappa).omega());
                e.add(exact.draw(rng, kappa).omega());
            }
            double a = VmfMath.meanCosine(50, kappa);
            System.out.printf("m=50 kappa=%.0f: A=%.5f exact-b mean %.5f (%.1f se), blend-b mean %.5f (%.1f se)%n",
                    kappa, a, e.mean(), e.zScore(a), b.mean(), b.zScore(a));
            e.assertMean(a, 4.5, "exact b");
            assertTrue(b.zScore(a) > 6, "expected the reference blend to be visibly biased at m=50, kappa=" + kappa
                    + " but its mean " + b.mean() + " is within " + b.zScore(a) + " se of " + a);
        }
    }

    @Test
    void bothConstructionsGiveUnitSamplesWithMeanAmu() {
        Rng rng = new Rng(4);
        for (int m : new int[]{3, 5}) {
            double kappa = 5;
            double[] mu = SphereSampling.uniformUnit(rng, m);
            double a = VmfMath.meanCosine(m, kappa);
            MomentCheck[] hh = new MomentCheck[m], pr = new MomentCheck[m];
            for (int j = 0; j < m; j++) {
                hh[j] = new MomentCheck();
                pr[j] = new MomentCheck();
            }
            WoodSampler wood = new WoodSampler(m);
            OmegaTable table = new OmegaTable(m, kappa);
            for (int i = 0; i < N; i++) {
                WoodSampler.Draw d = wood.draw(rng, kappa);
                double[] z1 = SphereSampling.householder(mu, d.omega(), d.oneMinusOmega(), SphereSampling.uniformUnit(rng, m - 1));
                double w = table.draw(rng);
                double[] eps = new double[m];
                for (int j = 0; j < m; j++) eps[j] = rng.nextGaussian();
                double[] z2 = SphereSampling.projection(mu, w, 1 - w, eps);
                assertEquals(1.0, norm(z1), 1e-12);
                assertEquals(1.0, norm(z2), 1e-12);
                assertEquals(d.omega(), dot(mu, z1), 1e-12);
                assertEquals(w, dot(mu, z2), 1e-12);
                for (int j = 0; j < m; j++) {
                    hh[j].add(z1[j]);
                    pr[j].add(z2[j]);
                }
            }
            for (int j = 0; j < m; j++) {
                hh[j].assertMean(a * mu[j], 4.5, "householder E[z_" + j + "]");
                pr[j].assertMean(a * mu[j], 4.5, "projection E[z_" + j + "]");
            }
        }
    }

    @Test
    void noNaNForSmallDimensionsOverWideKappaRange() {
        Rng rng = new Rng(5);
        for (int m : new int[]{2, 3}) {
            for (double kappa : new double[]{0.01, 0.1, 1, 10, 10.5, 100, 1e3, 1e4}) {
                WoodSampler[] samplers = {new WoodSampler(m), new WoodSampler(m, WoodSampler.BMode.EXACT, false),
                        new WoodSampler(m, WoodSampler.BMode.REFERENCE_BLEND, false)};
                OmegaTable table = new OmegaTable(m, kappa, 1e-6);
                double[] mu = SphereSampling.uniformUnit(rng, m);
                for (int i = 0; i < 500; i++) {
                    for (WoodSampler s : samplers) {
                        WoodSampler.Draw d = s.draw(rng, kappa);
                        assertTrue(Double.isFinite(d.omega()) && Math.abs(d.omega()) <= 1 && d.oneMinusOmega() >= 0
                                && d.oneMinusOmega() <= 2, "bad draw " + d + " at m=" + m + ", kappa=" + kappa);
                        assertEquals(1 - d.omega(), d.oneMinusOmega(), 1e-12);
                        double[] z = SphereSampling.householder(mu, d.omega(), d.oneMinusOmega(), SphereSampling.uniformUnit(rng, m - 1));
                        assertEquals(1.0, norm(z), 1e-12, "unit norm at m=" + m + ", kappa=" + kappa);
                        double kg = s.usesClosedForm() ? KappaScore.closedFormOmegaDerivative(kappa, d.noise())
                                : KappaScore.omegaDerivative(m, kappa, d.noise()) + KappaScore.logAcceptedDensityDerivative(m, kappa, d.noise());
                        assertTrue(Double.isFinite(kg), "kappa gradient not finite at m=" + m + ", kappa=" + kappa + ": " + d);
                    }
                    double w = table.draw(rng);
                    assertTrue(Double.isFinite(w) && Math.abs(w) <= 1);
                }
                assertTrue(Double.isFinite(VmfMath.kl(m, kappa)) && VmfMath.kl(m, kappa) >= 0);
            }
        }
    }

    /** At large κ the mean is 1 − (m−1)/(2κ) + O(κ⁻²): check the closed form and Wood at κ = 1e4 against A_m. */
    @Test
    void largeKappaMeanStillMatches() {
        Rng rng = new Rng(6);
        for (int m : new int[]{2, 3}) {
            WoodSampler s = new WoodSampler(m);
            MomentCheck c = new MomentCheck();
            for (int i = 0; i < N; i++) c.add(s.draw(rng, 1e4).oneMinusOmega());
            c.assertMean(1 - VmfMath.meanCosine(m, 1e4), 4.5, "1 - omega at kappa 1e4, m=" + m);
        }
    }

    static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
