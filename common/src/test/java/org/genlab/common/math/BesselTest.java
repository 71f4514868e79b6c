package org.genlab.common.math;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BesselTest {
    /** κ = 10^(-4 + i/4), i = 0..36: four points per decade over [1e-4, 1e5]. */
    private static double[] kappaGrid() {
        double[] k = new double[37];
        for (int i = 0; i < k.length; i++) k[i] = Math.pow(10, -4 + i / 4.0);
        return k;
    }

    private static void assertRel(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, rel * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void logIMatchesHighPrecisionSeriesAtIntegerAndHalfIntegerOrders() {
        // Orders on both sides of the series/Debye switch (12) and up to ν = 499.5 (m = 1001); κ over all regions.
        double[] orders = {0, 0.5, 1, 1.5, 2, 3.5, 7, 11, 11.5, 12, 12.5, 13, 30, 99.5, 250, 499.5};
        for (double nu : orders) {
            for (double kappa : kappaGrid()) {
                if (kappa > 2e4 && nu != 0 && nu != 499.5) continue; // the 40-digit oracle is slow out there
                double ref = BesselOracle.logI(nu, kappa);
                assertRel(ref, Bessel.logI(nu, kappa), 2e-14, "log I_" + nu + "(" + kappa + ")");
            }
        }
    }

    @Test
    void logIMatchesSinhCoshClosedFormsForHalfOrders() {
        for (double kappa : kappaGrid()) {
            double logSinh = kappa < 1 ? Math.log(Math.sinh(kappa)) : kappa - Math.log(2) + Math.log1p(-Math.exp(-2 * kappa));
            double logPrefactor = 0.5 * Math.log(2 / (Math.PI * kappa));
            // I_{1/2}(κ) = √(2/(πκ)) sinh κ
            assertRel(logPrefactor + logSinh, Bessel.logI(0.5, kappa), 1e-14, "I_1/2(" + kappa + ")");
            // I_{3/2}(κ) = √(2/(πκ)) (cosh κ − sinh κ / κ); its Taylor series Σ 2k κ^{2k}/(2k+1)! below 0.5.
            double logBracket;
            if (kappa >= 0.5) {
                logBracket = kappa - Math.log(2) + Math.log((1 - 1 / kappa) + Math.exp(-2 * kappa) * (1 + 1 / kappa));
            } else {
                double sum = 0;
                double fact = 1; // (2k+1)!
                for (int k = 1; k < 20; k++) {
                    fact *= (2 * k) * (2 * k + 1);
                    sum += 2 * k * Math.pow(kappa, 2 * k) / fact;
                }
                logBracket = Math.log(sum);
            }
            assertRel(logPrefactor + logBracket, Bessel.logI(1.5, kappa), 1e-13, "I_3/2(" + kappa + ")");
        }
    }

    /** The three methods agree where their regions meet, so switching between them leaves no visible step. */
    @Test
    void methodsAgreeAcrossBothCrossovers() {
        double worstDebye = 0;
        double worstHankel = 0;
        for (double nu = 11.0; nu <= 14.0; nu += 0.0625) { // Debye switch at ν = 12
            for (double kappa = 1e-4; kappa <= 300; kappa *= 1.4) {
                double s = Bessel.logISeries(nu, kappa);
                double d = Math.abs(Bessel.logIDebye(nu, kappa) - s) / Math.max(1, Math.abs(s));
                worstDebye = Math.max(worstDebye, d);
            }
        }
        for (double nu = 0; nu < 12; nu += 0.25) { // Hankel switch at κ = 50
            for (double kappa = 40; kappa <= 400; kappa *= 1.1) {
                double s = Bessel.logISeries(nu, kappa);
                double d = Math.abs(Bessel.logIHankel(nu, kappa) - s) / Math.max(1, Math.abs(s));
                worstHankel = Math.max(worstHankel, d);
            }
        }
        System.out.printf("Bessel crossovers: worst relative gap Debye/series %.2e, Hankel/series %.2e%n",
                worstDebye, worstHankel);
        assertTrue(worstDebye < 2e-14, "Debye vs series: " + worstDebye);
        assertTrue(worstHankel < 2e-15, "Hankel vs series: " + worstHankel);
    }

    /**
     * Smoothness: the central difference of log I_ν in κ across the κ = 50 switch, and at ν = 12 where the order
     * switch is, equals the exact derivative I_ν'/I_ν = I_{ν+1}/I_ν + ν/κ (from the independent ratio code).
     */
    @Test
    void derivativeIsContinuousThroughTheSwitches() {
        for (double nu : new double[]{0, 0.5, 3, 7.25, 11.9, 12, 12.1, 40}) {
            for (double kappa : new double[]{0.3, 5, 49.99999, 50, 50.00001, 120, 3000}) {
                double h = 1e-5 * kappa; // the stencil straddles κ = 50 at the three points next to it
                double fd = (Bessel.logI(nu, kappa + h) - Bessel.logI(nu, kappa - h)) / (2 * h);
                double exact = Bessel.ratioA(2 * nu + 2, kappa) + nu / kappa;
                // rounding of the difference ≈ ε|log I|/h, truncation ≈ 1e-10 relative
                double tol = 1e-9 * (Math.abs(exact) + Math.max(1, Math.abs(Bessel.logI(nu, kappa))) / kappa);
                assertEquals(exact, fd, tol, "d/dκ log I_" + nu + " at " + kappa);
            }
        }
        // Order direction: stepping just below ν = 12 (series) and to 12 (Debye) changes the value by ~δ·∂/∂ν.
        for (double kappa : new double[]{1e-4, 0.1, 5, 50, 1e3, 1e5}) {
            double below = Bessel.logI(Math.nextDown(12.0), kappa);
            double at = Bessel.logI(12.0, kappa);
            assertEquals(at, below, 2e-14 * Math.max(1, Math.abs(at)), "order switch at κ=" + kappa);
        }
    }

    @Test
    void ratioMatchesMathSection9_2Table() {
        double[] kappas = {1, 5, 10, 20, 50, 80, 150};
        int[] dims = {3, 4, 10, 50};
        double[][] table = {
                {0.3130, 0.8001, 0.9000, 0.9500, 0.9800, 0.9875, 0.9933},
                {0.2402, 0.7193, 0.8542, 0.9260, 0.9702, 0.9813, 0.9900},
                {0.0992, 0.4225, 0.6337, 0.7955, 0.9132, 0.9450, 0.9704},
                {0.0200, 0.0991, 0.1928, 0.3520, 0.6211, 0.7383, 0.8495}};
        for (int r = 0; r < dims.length; r++) {
            for (int c = 0; c < kappas.length; c++) {
                assertEquals(table[r][c], Bessel.ratioA(dims[r], kappas[c]), 5.01e-5, "A_" + dims[r] + "(" + kappas[c] + ")");
            }
        }
    }

    /** m = 3: A_3(κ) = I_{3/2}/I_{1/2} = coth κ − 1/κ (Langevin function). */
    @Test
    void ratioMatchesLangevinFunctionForM3() {
        for (double kappa : kappaGrid()) {
            double exact = kappa < 0.1
                    ? kappa / 3 - Math.pow(kappa, 3) / 45 + 2 * Math.pow(kappa, 5) / 945 - Math.pow(kappa, 7) / 4725
                    : 1 / Math.tanh(kappa) - 1 / kappa;
            assertEquals(exact, Bessel.ratioA(3, kappa), 1e-13 * exact, "A_3(" + kappa + ")");
        }
    }

    @Test
    void ratioMatchesHighPrecisionSeries() {
        for (int m : new int[]{2, 3, 4, 7, 10, 26, 101, 400, 1000}) {
            double nu = m / 2.0 - 1;
            for (double kappa : kappaGrid()) {
                if (kappa > 3e3) continue;
                double ref = BesselOracle.ratio(nu, kappa);
                assertEquals(ref, Bessel.ratioA(m, kappa), 1e-14 * ref, "A_" + m + "(" + kappa + ")");
            }
        }
    }

    @Test
    void continuedFractionAndHankelRatioAgreeWhereBothApply() {
        double worst = 0;
        for (double kappa = 500; kappa <= 1e5; kappa *= 1.5) {
            for (int m = 2; m <= 1000; m += 7) {
                double nu = m / 2.0 - 1;
                if (nu * nu > 2 * kappa) continue;
                double cf = Bessel.continuedFractionRatio(nu, kappa);
                double hankelEps = Bessel.hankelOneMinusRatio(nu, kappa);
                worst = Math.max(worst, Math.abs(cf - (1 - hankelEps)));
            }
        }
        // The fraction takes ~κ/2 steps here and accumulates rounding; the Hankel side is used in production.
        System.out.printf("Bessel ratio: worst |CF - Hankel| for kappa in [500, 1e5]: %.2e%n", worst);
        assertTrue(worst < 5e-14, "CF vs Hankel ratio: " + worst);
        // The Hankel form also gives ε = 1 − A to full relative accuracy (the fraction's 1 − A loses ~1e-12 here).
        for (int m : new int[]{2, 3, 10, 40}) {
            for (double kappa : new double[]{1500, 5000}) {
                double ref = BesselOracle.oneMinusRatio(m / 2.0 - 1, kappa);
                assertEquals(ref, Bessel.hankelOneMinusRatio(m / 2.0 - 1, kappa), 1e-14 * ref, "1 - A_" + m + "(" + kappa + ")");
            }
        }
    }

    @Test
    void derivativeMatchesFiniteDifferencesAndLargeKappaAsymptotics() {
        for (int m : new int[]{2, 3, 5, 10, 50, 200, 1000}) {
            for (double kappa : new double[]{1e-3, 0.05, 1, 7, 40, 300, 2500, 2e4}) {
                double h = 1e-4 * kappa;
                double fd = (Bessel.ratioA(m, kappa + h) - Bessel.ratioA(m, kappa - h)) / (2 * h);
                double exact = Bessel.ratioADerivative(m, kappa);
                assertEquals(fd, exact, 1e-6 * exact, "A'_" + m + "(" + kappa + ")");
            }
            assertEquals(1.0 / m, Bessel.ratioADerivative(m, 1e-7), 1e-12, "A'(0+) = 1/m");
        }
        // Hankel: A ~ 1 − (m−1)/(2κ) + (m−1)(m−3)/(8κ²) + …, so A' ~ (m−1)/(2κ²) − (m−1)(m−3)/(4κ³) + O(κ⁻⁴).
        for (int m : new int[]{2, 3, 5, 10}) {
            double kappa = 1e5;
            double asym = (m - 1) / (2 * kappa * kappa) - (m - 1) * (m - 3) / (4 * kappa * kappa * kappa);
            assertEquals(asym, Bessel.ratioADerivative(m, kappa), 1e-8 * asym, "A'_" + m + "(1e5)");
        }
    }

    /** m = 2..1000 × κ ∈ [1e-4, 1e5]: finite, 0 < A < 1, A increasing in κ and decreasing in m, A' > 0. */
    @Test
    void noNaNOrInfOverTheWholeGrid() {
        double[] kappas = kappaGrid();
        long start = System.nanoTime();
        double[] previousRow = null;
        for (int m = 2; m <= 1000; m++) {
            double nu = m / 2.0 - 1;
            double[] row = new double[kappas.length];
            for (int i = 0; i < kappas.length; i++) {
                double kappa = kappas[i];
                double logI = Bessel.logI(nu, kappa);
                double a = Bessel.ratioA(m, kappa);
                double da = Bessel.ratioADerivative(m, kappa);
                String at = " at m=" + m + ", κ=" + kappa;
                assertTrue(Double.isFinite(logI), "log I" + at);
                assertTrue(a > 0 && a < 1, "A = " + a + at);
                assertTrue(da > 0 && Double.isFinite(da), "A' = " + da + at);
                // Lower bound quoted in MATH.md §1.6 (arXiv 1606.02008).
                assertTrue(a >= kappa / (m - 1 + Math.sqrt((m + 1.0) * (m + 1.0) + kappa * kappa)) * (1 - 1e-14),
                        "lower bound" + at);
                if (i > 0) assertTrue(a > row[i - 1] || a == row[i - 1] && a > 1 - 1e-15, "increasing in κ" + at);
                if (previousRow != null) assertTrue(a < previousRow[i], "decreasing in m" + at);
                row[i] = a;
            }
            previousRow = row;
        }
        System.out.printf("Bessel grid 999 x %d (log I, A, A'): %.0f ms%n", kappas.length, (System.nanoTime() - start) / 1e6);
    }

    @Test
    void normalizedSeriesIsAccurateNearZeroAndConsistentElsewhere() {
        for (double nu : new double[]{0, 0.5, 4, 24, 499}) {
            for (double kappa : new double[]{1e-6, 1e-3, 0.5, 10, 60, 500}) {
                double ref = BesselOracle.logNormalizedSeries(nu, kappa);
                assertEquals(ref, Bessel.logNormalizedSeries(nu, kappa), 2e-14 * ref,
                        "log S_" + nu + "(" + kappa + ")");
            }
        }
        assertEquals(0.0, Bessel.logI(0, 0));
        assertEquals(Double.NEGATIVE_INFINITY, Bessel.logI(2, 0));
        assertEquals(0.0, Bessel.ratioA(5, 0));
    }
}
