package org.genlab.common.data;

import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.*;

class Toy2dTest {
    private static final int N = 20_000;

    /** Assigns points to the nearest centre; checks mode frequencies, per-mode std, and that no point is far off. */
    private static void checkMixture(String name, double[][] centres, double std) {
        double[] p = Toy2d.of(name).sample(new Rng(11), N);
        int k = centres.length;
        int[] count = new int[k];
        double ss = 0;
        for (int i = 0; i < N; i++) {
            int best = 0;
            double bestD = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                double dx = p[2 * i] - centres[c][0], dy = p[2 * i + 1] - centres[c][1];
                double d = dx * dx + dy * dy;
                if (d < bestD) {
                    bestD = d;
                    best = c;
                }
            }
            assertTrue(Math.sqrt(bestD) < 6 * std, name + ": point " + i + " is " + Math.sqrt(bestD) + " from every mode");
            count[best]++;
            ss += bestD;
        }
        double expected = N / (double) k, sd = Math.sqrt(N * (1.0 / k) * (1 - 1.0 / k));
        for (int c = 0; c < k; c++) assertEquals(expected, count[c], 5 * sd, name + " mode " + c);
        // E‖x − μ‖² = 2σ² for isotropic 2-D Gaussian modes.
        assertEquals(std, Math.sqrt(ss / N / 2), 0.03 * std, name + " per-mode std");
    }

    @Test
    void eightGaussiansMatchGanToy() {
        double[][] c = Toy2d.gaussians8Centres();
        assertEquals(8, c.length);
        for (double[] m : c) assertEquals(2 / 1.414, Math.hypot(m[0], m[1]), 1e-12);
        assertEquals(0.02 / 1.414, Toy2d.gaussians8Std(), 1e-15);
        checkMixture(Toy2d.GAUSSIANS_8, c, Toy2d.gaussians8Std());
    }

    @Test
    void twentyFiveGaussiansMatchGanToy() {
        double[][] c = Toy2d.gaussians25Centres();
        assertEquals(25, c.length);
        assertEquals(-4 / 2.828, c[0][0], 1e-12);
        assertEquals(4 / 2.828, c[24][1], 1e-12);
        checkMixture(Toy2d.GAUSSIANS_25, c, Toy2d.gaussians25Std());
        PointSet fixed = Toy2d.gaussians25Dataset(new Rng(5), 40);
        assertEquals(1000, fixed.size());
        int[] perMode = new int[25];
        for (int i = 0; i < fixed.size(); i++) {
            int gx = (int) Math.round(fixed.x(i) * 2.828 / 2) + 2, gy = (int) Math.round(fixed.y(i) * 2.828 / 2) + 2;
            perMode[gx * 5 + gy]++;
        }
        for (int m : perMode) assertEquals(40, m); // exactly balanced, like gan_toy.py
    }

    @Test
    void swissRollHasTheAnalyticMeans() {
        // t ~ U[1.5π, 4.5π]: E[t cos t] = [t sin t + cos t]/3π = 2, E[t sin t] = [−t cos t + sin t]/3π = 2/(3π).
        double[] p = Toy2d.of(Toy2d.SWISS_ROLL).sample(new Rng(12), N);
        double mx = 0, mz = 0, rMin = Double.MAX_VALUE, rMax = 0;
        for (int i = 0; i < N; i++) {
            mx += p[2 * i];
            mz += p[2 * i + 1];
            double r = Math.hypot(p[2 * i], p[2 * i + 1]) * 7.5;
            rMin = Math.min(rMin, r);
            rMax = Math.max(rMax, r);
        }
        assertEquals(2 / 7.5, mx / N, 0.03);
        assertEquals(2 / (3 * Math.PI) / 7.5, mz / N, 0.03);
        assertTrue(rMin > 1.5 * Math.PI - 1.5 && rMax < 4.5 * Math.PI + 1.5, rMin + " " + rMax);
    }

    @Test
    void checkerboardFillsTheEvenCellsEvenly() {
        double[] p = Toy2d.of(Toy2d.CHECKERBOARD).sample(new Rng(13), N);
        int[] cells = new int[16];
        for (int i = 0; i < N; i++) {
            double x = p[2 * i], y = p[2 * i + 1];
            assertTrue(x >= -2 && x < 2 && y >= -2 && y < 2);
            int fx = (int) Math.floor(x), fy = (int) Math.floor(y);
            assertEquals(0, Math.floorMod(fx + fy, 2), "point in an empty cell");
            cells[(fx + 2) * 4 + fy + 2]++;
        }
        int filled = 0;
        for (int c : cells) if (c > 0) {
            filled++;
            assertEquals(N / 8.0, c, 5 * Math.sqrt(N / 8.0));
        }
        assertEquals(8, filled);
    }

    @Test
    void moonsAreCentredAndOnTheirArcs() {
        double[] p = Toy2d.of(Toy2d.MOONS).sample(new Rng(14), N);
        double mx = 0, my = 0;
        int near = 0;
        for (int i = 0; i < N; i++) {
            double x = p[2 * i] + 0.5, y = p[2 * i + 1] + 0.25;
            mx += p[2 * i];
            my += p[2 * i + 1];
            double dOuter = Math.abs(Math.hypot(x, y) - 1), dInner = Math.abs(Math.hypot(x - 1, y - 0.5) - 1);
            if (Math.min(dOuter, dInner) < 0.4) near++;
        }
        assertEquals(0, mx / N, 0.02);
        assertEquals(0, my / N, 0.02);
        assertTrue(near > 0.99 * N, "points near an arc: " + near);
    }

    @Test
    void ringsHaveFourEquallyLikelyRadii() {
        double[] p = Toy2d.of(Toy2d.RINGS).sample(new Rng(15), N);
        double[] radii = Toy2d.ringRadii();
        int[] count = new int[radii.length];
        for (int i = 0; i < N; i++) {
            double r = Math.hypot(p[2 * i], p[2 * i + 1]);
            int best = 0;
            for (int k = 1; k < radii.length; k++) if (Math.abs(r - radii[k]) < Math.abs(r - radii[best])) best = k;
            assertTrue(Math.abs(r - radii[best]) < 0.3);
            count[best]++;
        }
        for (int c : count) assertEquals(N / 4.0, c, 5 * Math.sqrt(N * 0.25 * 0.75));
    }

    @Test
    void namesSeedsAndArrays() {
        for (String n : Toy2d.NAMES) {
            assertTrue(Datasets.isInstalled(n, new DataPaths(java.nio.file.Path.of("/nonexistent"))));
            INDArray a = Toy2d.of(n).sampleArray(new Rng(1), 16, DataType.FLOAT);
            assertArrayEquals(new long[]{16, 2}, a.shape());
            assertEquals(a, Toy2d.of(n).sampleArray(new Rng(1), 16, DataType.FLOAT));
            assertNotEquals(a, Toy2d.of(n).sampleArray(new Rng(2), 16, DataType.FLOAT));
        }
        UsageException e = assertThrows(UsageException.class, () -> Toy2d.of("toy:spiral"));
        assertTrue(e.getMessage().contains("toy:8gaussians"), e.getMessage());
        assertThrows(UsageException.class, () -> Toy2d.modeCentres(Toy2d.MOONS));
        assertEquals(25, Toy2d.modeCentres(Toy2d.GAUSSIANS_25).length);
    }
}
