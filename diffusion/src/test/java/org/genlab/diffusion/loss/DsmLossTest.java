package org.genlab.diffusion.loss;

import org.genlab.common.random.Rng;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.Sde;
import org.genlab.diffusion.sde.VeSde;
import org.genlab.diffusion.sde.VpSde;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DSM loss with a one-parameter linear score s = −e^a·x (or an ε-network ε̂ = c·e^a·x, s = −ε̂/σ_t): graph value
 * against the §4.4 formula written in Java, gradient against central differences (double), and plain gradient
 * descent at a fixed t against the analytic optimum e^a = 1/(m_t²s² + σ_t²) of MATH.md §9.3.
 */
class DsmLossTest {
    private static final double C_EPS = 0.7;

    /** A graph holding the scalar parameter "a" and the loss. */
    private record Fixture(SameDiff sd, DsmLoss dsm) {
        double loss(Map<String, INDArray> feeds) {
            return sd.output(feeds, dsm.loss().name()).get(dsm.loss().name()).getDouble(0);
        }

        void setA(double a) {
            sd.getVariable("a").getArr().assign(a);
        }

        double a() {
            return sd.getVariable("a").getArr().getDouble(0);
        }

        double grad(Map<String, INDArray> feeds) {
            return sd.calculateGradients(feeds, "a").get("a").getDouble(0);
        }
    }

    private static Fixture build(Sde sde, DsmLoss.Weighting w, DsmLoss.Reduction r, DsmLoss.Output o, long... shape) {
        SameDiff sd = SameDiff.create();
        SDVariable a = sd.var("a", Nd4j.scalar(DataType.DOUBLE, 0.1));
        ScoreNetwork net = o == DsmLoss.Output.SCORE
                ? (x, t) -> x.mul(sd.math().exp(a)).neg()
                : (x, t) -> x.mul(sd.math().exp(a)).mul(C_EPS);
        DsmLoss dsm = DsmLoss.builder(sd, sde, net, shape).weighting(w).reduction(r).output(o).dtype(DataType.DOUBLE).build();
        sd.setLossVariables(dsm.loss());
        return new Fixture(sd, dsm);
    }

    /** MATH.md §4.4 written out in Java for the linear score. */
    private static double reference(Sde sde, INDArray x0, INDArray t, INDArray z, double a, DsmLoss.Weighting w,
                                    DsmLoss.Reduction r, DsmLoss.Output o) {
        int n = PerSample.batch(x0);
        int d = (int) PerSample.dims(x0);
        double[] xs = PerSample.toDoubles(x0);
        double[] zs = PerSample.toDoubles(z);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double tt = t.getDouble(i);
            double m = sde.meanScale(tt), std = sde.std(tt), g2 = Math.pow(sde.diffusion(tt), 2);
            double acc = 0;
            for (int j = 0; j < d; j++) {
                double xt = m * xs[i * d + j] + std * zs[i * d + j];
                double s = o == DsmLoss.Output.SCORE ? -Math.exp(a) * xt : -C_EPS * Math.exp(a) * xt / std;
                double res = w == DsmLoss.Weighting.SIGMA_SQUARED ? s * std + zs[i * d + j] : s + zs[i * d + j] / std;
                acc += res * res;
            }
            double per = r == DsmLoss.Reduction.MEAN ? acc / d : 0.5 * acc;
            total += w == DsmLoss.Weighting.LIKELIHOOD ? per * g2 : per;
        }
        return total / n;
    }

    @Test
    void valueMatchesSection44ForEveryVariant() {
        for (Sde sde : new Sde[]{new VpSde(), new VeSde()}) {
            for (DsmLoss.Weighting w : DsmLoss.Weighting.values()) {
                for (DsmLoss.Reduction r : DsmLoss.Reduction.values()) {
                    for (DsmLoss.Output o : DsmLoss.Output.values()) {
                        Fixture f = build(sde, w, r, o, 2, 3);
                        INDArray x0 = new Rng(1).gaussian(DataType.DOUBLE, 6, 2, 3).muli(0.5);
                        Map<String, INDArray> feeds = f.dsm().feeds(x0, new Rng(2));
                        INDArray t = feeds.get("dsm/t");
                        INDArray z = feeds.get("dsm/z");
                        for (int i = 0; i < 6; i++) assertTrue(t.getDouble(i) >= 1e-5 && t.getDouble(i) < 1.0);
                        double want = reference(sde, x0, t, z, 0.1, w, r, o);
                        assertEquals(want, f.loss(feeds), 1e-12 * Math.abs(want), sde.name() + " " + w + " " + r + " " + o);
                    }
                }
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        for (DsmLoss.Weighting w : DsmLoss.Weighting.values()) {
            for (DsmLoss.Output o : DsmLoss.Output.values()) {
                Fixture f = build(new VpSde(), w, DsmLoss.Reduction.MEAN, o, 2);
                Map<String, INDArray> feeds = f.dsm().feeds(new Rng(3).gaussian(DataType.DOUBLE, 32, 2).muli(0.5), new Rng(4));
                double a0 = 0.3;
                double h = 1e-6;
                f.setA(a0 + h);
                double lp = f.loss(feeds);
                f.setA(a0 - h);
                double lm = f.loss(feeds);
                f.setA(a0);
                double fd = (lp - lm) / (2 * h);
                double g = f.grad(feeds);
                assertEquals(fd, g, 1e-7 * Math.max(1, Math.abs(fd)), w + " " + o);
            }
        }
    }

    /**
     * At a fixed t the best s = −k·x for data N(0, s²I) minimises E‖k x_t − z/σ_t‖², whose solution is
     * k̂ = Σx_t z/(σ_t Σx_t²) on a sample and k* = 1/(m_t²s² + σ_t²) in expectation. Plain gradient descent on a must
     * reach k̂ (to 1e-6) and k̂ must be within 4 standard errors of k*; by the delta method
     * SE(k̂) = m_t s/(σ_t (m_t²s² + σ_t²) √M) for M scalar pairs. Both weightings have the same optimum at fixed t.
     */
    @Test
    void gradientDescentFindsTheAnalyticScore() {
        double dataVar = 0.25;
        Object[][] cases = {{new VpSde(), 0.5, DsmLoss.Weighting.SIGMA_SQUARED}, {new VeSde(), 0.3, DsmLoss.Weighting.LIKELIHOOD}};
        for (Object[] c : cases) {
            Sde sde = (Sde) c[0];
            double t = (double) c[1];
            DsmLoss.Weighting w = (DsmLoss.Weighting) c[2];
            Fixture f = build(sde, w, DsmLoss.Reduction.MEAN, DsmLoss.Output.SCORE, 2);
            int n = 4096;
            INDArray x0 = new Rng(5).gaussian(DataType.DOUBLE, n, 2).muli(Math.sqrt(dataVar));
            INDArray z = new Rng(6).gaussian(DataType.DOUBLE, n, 2);
            Map<String, INDArray> feeds = f.dsm().feeds(x0, PerSample.fill(t, n, DataType.DOUBLE), z);
            f.setA(0.0);
            double m = sde.meanScale(t), std = sde.std(t);
            double var = m * m * dataVar + std * std;
            // curvature in a at the optimum: 2·weight/var, weight = σ_t² or g(t)²; step = half its inverse
            double weight = w == DsmLoss.Weighting.SIGMA_SQUARED ? std * std : Math.pow(sde.diffusion(t), 2);
            double lr = 0.5 / (2 * weight / var);
            for (int step = 0; step < 200; step++) f.setA(f.a() - lr * f.grad(feeds));

            double[] xs = PerSample.toDoubles(x0), zs = PerSample.toDoubles(z);
            double num = 0, den = 0;
            for (int k = 0; k < xs.length; k++) {
                double xt = m * xs[k] + std * zs[k];
                num += xt * zs[k];
                den += xt * xt;
            }
            double kHat = num / (std * den);
            double kStar = 1 / var;
            double se = m * Math.sqrt(dataVar) / (std * var * Math.sqrt(xs.length));
            System.out.printf("DSM GD %s t=%.1f %s: e^a = %.6f, sample optimum %.6f, analytic 1/(m²s²+σ²) = %.6f (SE %.4f)%n",
                    sde.name(), t, w, Math.exp(f.a()), kHat, kStar, se);
            assertEquals(kHat, Math.exp(f.a()), 1e-6 * kHat, "gradient descent converges to the sample optimum");
            assertEquals(kStar, kHat, 4 * se, "sample optimum vs analytic score");
        }
    }

    @Test
    void reductionsDifferByHalfTheDimension() {
        Fixture mean = build(new VpSde(), DsmLoss.Weighting.SIGMA_SQUARED, DsmLoss.Reduction.MEAN, DsmLoss.Output.SCORE, 5);
        Fixture half = build(new VpSde(), DsmLoss.Weighting.SIGMA_SQUARED, DsmLoss.Reduction.HALF_SUM, DsmLoss.Output.SCORE, 5);
        INDArray x0 = new Rng(7).gaussian(DataType.DOUBLE, 9, 5);
        Map<String, INDArray> fm = mean.dsm().feeds(x0, new Rng(8));
        Map<String, INDArray> fh = half.dsm().feeds(x0, new Rng(8));
        assertEquals(2.5 * mean.loss(fm), half.loss(fh), 1e-12);
    }
}
