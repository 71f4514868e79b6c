package org.genlab.common.viz;

import org.junit.jupiter.api.Test;

import static org.genlab.common.viz.ImageGridTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ScalarFieldTest {
    @Test
    void nodesSitOnTheGridAndBilinearInterpolationIsExactForBilinearFields() {
        ScalarField f = ScalarField.sample((x, y) -> 2 * x - y + 0.5 * x * y, -1, 3, 0, 2, 9);
        assertEquals(9, f.nx());
        assertEquals(9, f.ny());
        assertEquals(2 * 0.5 - 1.5 + 0.5 * 0.5 * 1.5, f.node(3, 6), 1e-12); // x = -1 + 3*0.5, y = 6*0.25
        for (double x = -1; x <= 3; x += 0.37) {
            for (double y = 0; y <= 2; y += 0.29) {
                assertEquals(2 * x - y + 0.5 * x * y, f.at(x, y), 1e-9);
            }
        }
        assertEquals(f.at(3, 2), f.at(10, 10), 0.0); // outside: nearest border value
    }

    @Test
    void batchSamplingMatchesPointwiseSampling() {
        ScalarField a = ScalarField.sample((x, y) -> Math.sin(x) * y, 0, 1, -1, 1, 7);
        ScalarField b = ScalarField.sampleBatch(pts -> {
            double[] out = new double[pts.length];
            for (int i = 0; i < pts.length; i++) out[i] = Math.sin(pts[i][0]) * pts[i][1];
            return out;
        }, 0, 1, -1, 1, 7);
        for (int j = 0; j < 7; j++) for (int i = 0; i < 7; i++) assertEquals(a.node(i, j), b.node(i, j), 0.0);
        assertEquals(a.min(), b.min(), 0.0);
        assertEquals(a.max(), b.max(), 0.0);
    }

    @Test
    void badInputGivesClearUsageErrors() {
        assertMessage("xMin < xMax", () -> new ScalarField(1, 1, 0, 1, new double[][] {{0, 0}, {0, 0}}));
        assertMessage("at least 2x2", () -> new ScalarField(0, 1, 0, 1, new double[][] {{0, 0}}));
        assertMessage("row 1 has 3 values", () -> new ScalarField(0, 1, 0, 1, new double[][] {{0, 0}, {0, 0, 0}}));
        assertMessage("infinite", () -> new ScalarField(0, 1, 0, 1,
                new double[][] {{0, Double.POSITIVE_INFINITY}, {0, 0}}));
        assertMessage("one value per point", () -> ScalarField.sampleBatch(p -> new double[3], 0, 1, 0, 1, 4));
        assertMessage("resolution", () -> ScalarField.sample((x, y) -> x, 0, 1, 0, 1, 1));
    }
}
