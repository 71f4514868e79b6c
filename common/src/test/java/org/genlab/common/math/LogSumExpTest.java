package org.genlab.common.math;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSumExpTest {
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void matchesNaiveFormulaOnModerateValues() {
        Rng rng = new Rng(11);
        for (int trial = 0; trial < 200; trial++) {
            double[] x = new double[1 + rng.nextInt(20)];
            double naive = 0;
            for (int i = 0; i < x.length; i++) {
                x[i] = 10 * rng.nextGaussian();
                naive += Math.exp(x[i]);
            }
            assertEquals(Math.log(naive), LogSumExp.lse(x), 1e-13 * Math.max(1, Math.abs(Math.log(naive))));
        }
    }

    @Test
    void survivesValuesWhoseExponentialOverflowsOrUnderflows() {
        assertEquals(1000 + Math.log(2), LogSumExp.lse(new double[]{1000, 1000}), 1e-12);
        assertEquals(-1000 + Math.log(3), LogSumExp.lse(new double[]{-1000, -1000, -1000}), 1e-12);
        assertEquals(800 + Math.log1p(Math.exp(-1)), LogSumExp.lse(new double[]{799, 800}), 1e-12);
    }

    @Test
    void infinitiesNaNAndEmpty() {
        assertEquals(Math.log(Math.exp(1) + Math.exp(2)), LogSumExp.lse(new double[]{NEG_INF, 1, NEG_INF, 2}), 1e-14);
        assertEquals(NEG_INF, LogSumExp.lse(new double[]{NEG_INF, NEG_INF}));
        assertEquals(NEG_INF, LogSumExp.lse(new double[0]));
        assertEquals(Double.POSITIVE_INFINITY, LogSumExp.lse(new double[]{1, Double.POSITIVE_INFINITY}));
        assertTrue(Double.isNaN(LogSumExp.lse(new double[]{1, Double.NaN, 2})));
        assertEquals(NEG_INF, LogSumExp.lse(NEG_INF, NEG_INF));
        assertEquals(3.0, LogSumExp.lse(NEG_INF, 3.0));
    }

    @Test
    void boundsOfMathSection1_1() {
        Rng rng = new Rng(12);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(30);
            double[] x = new double[n];
            double max = NEG_INF;
            double mean = 0;
            for (int i = 0; i < n; i++) {
                x[i] = 5 * rng.nextGaussian();
                max = Math.max(max, x[i]);
                mean += x[i] / n;
            }
            double l = LogSumExp.lse(x);
            assertTrue(l >= max && l <= max + Math.log(n) + 1e-12, "max <= lse <= max + log n");
            assertTrue(l >= mean + Math.log(n) - 1e-12, "lse >= mean + log n");
        }
    }

    @Test
    void pairAndRangeAgreeWithArrayForm() {
        Rng rng = new Rng(13);
        for (int trial = 0; trial < 100; trial++) {
            double a = 50 * rng.nextGaussian();
            double b = 50 * rng.nextGaussian();
            assertEquals(LogSumExp.lse(new double[]{a, b}), LogSumExp.lse(a, b), 1e-13 * Math.max(1, Math.abs(a)));
        }
        double[] x = {5, 1, 2, 3, 9};
        assertEquals(LogSumExp.lse(new double[]{1, 2, 3}), LogSumExp.lse(x, 1, 4), 1e-15);
    }

    @Test
    void weightedFormAndLogMeanExp() {
        Rng rng = new Rng(14);
        double[] x = new double[10];
        double[] w = new double[10];
        double naive = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
            w[i] = i % 3 == 0 ? 0 : rng.nextDouble();
            naive += w[i] * Math.exp(x[i]);
        }
        assertEquals(Math.log(naive), LogSumExp.lseWeighted(x, w), 1e-13);
        // A zero weight removes the term even if its value is +inf.
        assertEquals(2.0, LogSumExp.lseWeighted(new double[]{Double.POSITIVE_INFINITY, 2}, new double[]{0, 1}), 0);
        assertEquals(-7.5, LogSumExp.logMeanExp(new double[]{-7.5, -7.5, -7.5, -7.5}), 1e-14);
        assertEquals(Math.log((Math.exp(1) + Math.exp(3)) / 2), LogSumExp.logMeanExp(new double[]{1, 3}), 1e-14);
    }

    @Test
    void sameDiffForwardMatchesJavaAlongEitherDimension() {
        double[][] data = {{1, 2, 3}, {1000, 1000, -5}, {NEG_INF, 0.5, NEG_INF}, {NEG_INF, NEG_INF, NEG_INF}};
        INDArray arr = Nd4j.createFromArray(data);
        for (boolean keep : new boolean[]{false, true}) {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.constant("x", arr);
            SDVariable rows = LogSumExp.lse(sd, x, 1, keep);
            INDArray out = rows.eval();
            assertArrayEquals(keep ? new long[]{4, 1} : new long[]{4}, out.shape());
            for (int i = 0; i < data.length; i++) {
                assertEquals(LogSumExp.lse(data[i]), out.getDouble(i), 1e-12, "row " + i);
            }
        }
        SameDiff sd = SameDiff.create();
        double[][] finite = {{1, 2, 3}, {4, -1, 0.5}};
        INDArray cols = LogSumExp.lse(sd, sd.constant(Nd4j.createFromArray(finite)), 0, false).eval();
        for (int j = 0; j < 3; j++) {
            assertEquals(LogSumExp.lse(new double[]{finite[0][j], finite[1][j]}), cols.getDouble(j), 1e-12);
        }
    }

    /** Central differences of the graph's own output against sd.calculateGradients, in DOUBLE. */
    @Test
    void sameDiffGradientMatchesCentralDifferences() {
        Rng rng = new Rng(15);
        INDArray x0 = rng.gaussian(DataType.DOUBLE, 4, 5).muli(3);
        x0.putScalar(new long[]{2, 1}, 2.5); // a tie for the max in row 2
        x0.putScalar(new long[]{2, 3}, 2.5);
        x0.putScalar(new long[]{2, 0}, 0.0);
        x0.putScalar(new long[]{2, 2}, 0.0);
        x0.putScalar(new long[]{2, 4}, 0.0);
        INDArray weights = rng.gaussian(DataType.DOUBLE, 4);
        for (int dim : new int[]{1, 0}) {
            INDArray w = dim == 1 ? weights : rng.gaussian(DataType.DOUBLE, 5);
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.var("x", x0.dup());
            SDVariable loss = LogSumExp.lse(sd, x, dim, false).mul(sd.constant(w)).sum();
            sd.setLossVariables(loss);
            INDArray grad = sd.calculateGradients(Collections.emptyMap(), "x").get("x");
            double h = 1e-6;
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    double orig = x0.getDouble(i, j);
                    INDArray xp = x0.dup();
                    xp.putScalar(new long[]{i, j}, orig + h);
                    INDArray xm = x0.dup();
                    xm.putScalar(new long[]{i, j}, orig - h);
                    double fd = (lossAt(sd, loss, xp) - lossAt(sd, loss, xm)) / (2 * h);
                    assertEquals(fd, grad.getDouble(i, j), 1e-8, "dim " + dim + " d/dx[" + i + "," + j + "]");
                }
            }
        }
    }

    private static double lossAt(SameDiff sd, SDVariable loss, INDArray x) {
        sd.getVariable("x").setArray(x);
        Map<String, INDArray> out = sd.output(Collections.emptyMap(), loss.name());
        return out.get(loss.name()).getDouble(0);
    }
}
