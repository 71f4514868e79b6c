package org.genlab.vae.image;

import org.genlab.common.nn.Init;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.testing.GradCheck;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The discretised logistic graph against a direct Java computation in double (bin masses from the logistic CDF),
 * its gradient against finite differences, and its normalisation over the L + 1 levels.
 */
class DiscretizedLogisticTest {
    private static final int L = 255;

    /** −log P(x | μ, s) in double: CDF differences; inner bins reflected into the lower tail (symmetry) for precision. */
    static double reference(double x, double mu, double logS, int levels) {
        double h = 0.5 / levels, s = Math.exp(Math.max(logS, DiscretizedLogistic.MIN_LOG_SCALE));
        if (x < h) return -Math.log(sigmoid((x + h - mu) / s));
        if (x > 1 - h) return -Math.log(sigmoid(-(x - h - mu) / s)); // 1 − σ(t) = σ(−t), no cancellation
        double a = -Math.abs(x - mu);
        return -Math.log(sigmoid((a + h) / s) - sigmoid((a - h) / s));
    }

    private static double sigmoid(double t) {
        return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    }

    /** A graph with μ and log s as parameters [n, k] and x fed; loss = Σ −log P. */
    private static ModelGraph graph(DataType dtype, int n, int k) {
        ModelGraph g = new ModelGraph(dtype, new Rng(1));
        SameDiff sd = g.sd();
        SDVariable x = sd.placeHolder("x", dtype, -1, k);
        SDVariable mu = g.scope("p").param("mu", Init.constant(0), 1, 1, n, k);
        SDVariable logS = g.scope("p").param("log_s", Init.constant(0), 1, 1, n, k);
        SDVariable nll = DiscretizedLogistic.negLogMass(x, mu, logS, L);
        nll.rename("nll");
        nll.sum().rename("loss");
        return g;
    }

    private static double[][] randomCase(int n, int k, long seed) {
        Rng r = new Rng(seed);
        double[] x = new double[n * k], mu = new double[n * k], ls = new double[n * k];
        for (int i = 0; i < x.length; i++) {
            int kind = r.nextInt(4); // edges get extra weight: they are separate branches
            x[i] = kind == 0 ? 0 : kind == 1 ? 1 : r.nextInt(L + 1) / (double) L;
            mu[i] = -0.3 + 1.6 * r.nextDouble();
            ls[i] = -5.0 + 5.5 * r.nextDouble(); // s from 0.0067 (~ the bin width) to 1.6; tails to ~200 nats
        }
        return new double[][]{x, mu, ls};
    }

    private static void set(ModelGraph g, double[][] c, int n, int k) {
        g.array("p/mu").assign(Nd4j.createFromArray(c[1]).reshape(n, k).castTo(g.dtype()));
        g.array("p/log_s").assign(Nd4j.createFromArray(c[2]).reshape(n, k).castTo(g.dtype()));
    }

    private static double[] nll(ModelGraph g, double[][] c, int n, int k) {
        INDArray x = Nd4j.createFromArray(c[0]).reshape(n, k).castTo(g.dtype());
        return g.sd().output(Map.of("x", x), "nll").get("nll").castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    }

    @Test
    void valuesMatchDirectDoubleComputationInDoubleAndFloat() {
        int n = 40, k = 25;
        double[][] c = randomCase(n, k, 11);
        for (DataType dt : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            ModelGraph g = graph(dt, n, k);
            set(g, c, n, k);
            double[] got = nll(g, c, n, k);
            double worst = 0;
            for (int i = 0; i < got.length; i++) {
                double want = reference(c[0][i], c[1][i], c[2][i], L);
                double err = Math.abs(got[i] - want) / Math.max(1, Math.abs(want));
                worst = Math.max(worst, err);
            }
            double tol = dt == DataType.DOUBLE ? 1e-10 : 2e-5;
            assertTrue(worst < tol, dt + ": worst relative error " + worst);
        }
    }

    @Test
    void farTailsStayFiniteAndAccurateInFloat() {
        // |x − μ| = 0.5 at s = e^-5: the bin mass is ~e^-74 (float's sigmoid difference would be 0 → −log 0 = ∞),
        // and a clamped log s = −9 (→ −7); an edge pixel far from μ.
        double[][] c = {{0.5, 0.2, 0.0, 1.0}, {0.0, 0.2 + 1e-6, 0.9, 0.1}, {-5, -9, -5, -5}};
        ModelGraph g = graph(DataType.FLOAT, 1, 4);
        set(g, c, 1, 4);
        double[] got = nll(g, c, 1, 4);
        for (int i = 0; i < 4; i++) {
            double want = reference(c[0][i], c[1][i], c[2][i], L);
            assertTrue(Double.isFinite(got[i]), "finite at " + i);
            assertEquals(want, got[i], 1e-5 * Math.max(1, want), "element " + i);
        }
        assertTrue(got[0] > 70, "tail mass really is tiny: " + got[0]);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int n = 4, k = 8;
        ModelGraph g = graph(DataType.DOUBLE, n, k);
        double[][] c = randomCase(n, k, 5);
        set(g, c, n, k);
        INDArray x = Nd4j.createFromArray(c[0]).reshape(n, k);
        // floor 1e-2: the finite difference of a ~1e3-nat sum carries ~1e-16·1e3/1e-6 = 1e-7 of rounding
        GradCheck.Report r = GradCheck.check(g, "loss", Map.of("x", x),
                GradCheck.Options.defaults().withEps(1e-6).withMaxRelError(1e-5).withFloor(1e-2));
        assertTrue(r.checked() >= 2 * n * k, r.toString());
    }

    @Test
    void massesOverAllLevelsSumToOne() {
        int k = L + 1;
        double[][] c = new double[3][k];
        for (int i = 0; i < k; i++) {
            c[0][i] = i / (double) L;
            c[1][i] = 0.37;
            c[2][i] = -3.1;
        }
        ModelGraph g = graph(DataType.DOUBLE, 1, k);
        set(g, c, 1, k);
        double total = 0;
        for (double v : nll(g, c, 1, k)) total += Math.exp(-v);
        assertEquals(1.0, total, 1e-12);
    }
}
