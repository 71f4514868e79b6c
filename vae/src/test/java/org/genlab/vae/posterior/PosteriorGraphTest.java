package org.genlab.vae.posterior;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Linear;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.testing.GradCheck;
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
 * The five posterior heads in a DOUBLE graph: parameter gradients against finite differences (for learned κ the
 * pathwise part; its KL and correction surrogates are checked in KappaGradientEstimatorTest), KL values against
 * the Java side, and the graph's Householder map and vMF samples against common.math / SphereSampling.
 */
class PosteriorGraphTest {
    private static final int B = 6, IN = 5, H = 7;

    private record Built(ModelGraph g, Posterior p, Heads heads, Map<String, INDArray> feeds) {
    }

    private static Built build(Posterior p, boolean withKl, long seed) {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(seed));
        SameDiff sd = g.sd();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, IN);
        SDVariable h = Activation.TANH.apply(new Linear(g.scope("enc"), IN, H).apply(x));
        Heads heads = p.build(g.scope("post"), h, H);
        Rng rng = new Rng(seed + 1);
        INDArray w = rng.gaussian(DataType.DOUBLE, p.zDim(), 1);
        SDVariable f = heads.z().mmul(sd.constant(w)).sum();
        (withKl ? f.add(heads.kl().sum()) : f).rename("loss");
        INDArray xv = rng.gaussian(DataType.DOUBLE, B, IN);
        Map<String, INDArray> feeds = new HashMap<>(Map.of("x", xv));
        Map<String, INDArray> pre = p.preOutputs().isEmpty() ? Map.of()
                : sd.output(g.feeds(feeds, true), p.preOutputs().toArray(new String[0]));
        feeds.putAll(p.noise(rng, B, pre, DataType.DOUBLE));
        return new Built(g, p, heads, feeds);
    }

    @Test
    void gaussianHeadsPassGradientCheck() {
        for (Posterior p : List.of(GaussianPosterior.plain(3), GaussianPosterior.batchNormMu(3, 0.6, 1e-5), new SuBatchNormPosterior(3, 0.5))) {
            Built b = build(p, true, 3);
            if (p instanceof SuBatchNormPosterior) b.g().array("post/theta").assign(Nd4j.createFromArray(0.3, -0.7, 1.1));
            if (p instanceof GaussianPosterior gp && gp.usesBatchNorm()) b.g().array("post/mu_bn/beta").assign(Nd4j.createFromArray(0.2, -0.1, 0.4));
            GradCheck.check(b.g(), "loss", b.feeds());
        }
    }

    @Test
    void vmfHeadsPassPathwiseGradientCheck() {
        for (int m : new int[]{3, 4}) {
            GradCheck.check(build(VmfPosterior.fixed(m, 10, 1e-4), true, 5).g(), "loss", build(VmfPosterior.fixed(m, 10, 1e-4), true, 5).feeds());
            Built learned = build(VmfPosterior.learned(m, false, WoodSampler.BMode.EXACT), false, 6);
            GradCheck.check(learned.g(), "loss", learned.feeds());
        }
    }

    @Test
    void klValuesMatchJavaSide() {
        for (Posterior p : List.of(GaussianPosterior.plain(4), GaussianPosterior.batchNormMu(4, 0.5, 1e-5), new SuBatchNormPosterior(4, 0.5),
                VmfPosterior.learned(5, true, WoodSampler.BMode.EXACT), VmfPosterior.fixed(5, 20, 1e-4))) {
            Built b = build(p, true, 8);
            List<String> names = new java.util.ArrayList<>(p.statOutputs());
            names.add(b.heads().kl().name());
            Map<String, INDArray> out = b.g().sd().output(b.g().feeds(b.feeds(), true), names.toArray(new String[0]));
            LatentBatch lat = p.latents(out);
            double[] kl = out.get(b.heads().kl().name()).reshape(-1).toDoubleVector();
            for (int i = 0; i < B; i++) assertEquals(lat.kl(i), kl[i], 1e-10 * (1 + kl[i]), p.kind() + " KL row " + i);
        }
    }

    @Test
    void graphVmfSamplesAreUnitAndMatchJavaConstruction() {
        for (int m : new int[]{2, 3, 6}) {
            Built b = build(VmfPosterior.learned(m, true, WoodSampler.BMode.EXACT), false, 9 + m);
            VmfPosterior p = (VmfPosterior) b.p();

            List<String> names = new java.util.ArrayList<>(p.statOutputs());
            names.add(b.heads().z().name());
            Map<String, INDArray> out = b.g().sd().output(b.g().feeds(b.feeds(), true), names.toArray(new String[0]));
            VmfLatents lat = (VmfLatents) p.latents(out);
            double[][] z = out.get(b.heads().z().name()).toDoubleMatrix();
            double[] noise = b.feeds().get("post/omega_noise").reshape(-1).toDoubleVector();
            double[][] v = b.feeds().get("post/tangent").toDoubleMatrix();
            for (int i = 0; i < B; i++) {
                double kappa = lat.kappa(i);
                double omega, oneMinus;
                if (p.wood().usesClosedForm()) {
                    oneMinus = WoodSampler.closedFormOneMinusOmega(noise[i], kappa);
                    omega = 1 - oneMinus;
                } else {
                    WoodSampler.Envelope env = WoodSampler.Envelope.of(m, kappa, WoodSampler.BMode.EXACT);
                    omega = env.omega(noise[i]);
                    oneMinus = env.oneMinusOmega(noise[i]);
                }
                double[] expected = SphereSampling.householder(lat.direction(i), omega, oneMinus, v[i]);
                for (int j = 0; j < m; j++) assertEquals(expected[j], z[i][j], 1e-9, "z[" + i + "][" + j + "] at m=" + m);
                double n = 0, dot = 0;
                for (int j = 0; j < m; j++) {
                    n += z[i][j] * z[i][j];
                    dot += z[i][j] * lat.direction(i)[j];
                }
                assertEquals(1.0, n, 1e-9);
                assertEquals(omega, dot, 1e-9);
            }
        }
    }

    /** The graph Householder near μ = e₁ and −e₁ still maps e₁ to μ and preserves norms. */
    @Test
    void graphHouseholderIsExactNearPoles() {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(1));
        SameDiff sd = g.sd();
        int m = 4;
        double[][] mus = {{1, 0, 0, 0}, {1, 3e-6, 0, 0}, {-1, 0, 0, 1e-4}, {0.5, 0.5, 0.5, 0.5}};
        for (double[] r : mus) {
            double n = Math.sqrt(VmfTestMath.dot(r, r));
            for (int j = 0; j < m; j++) r[j] /= n;
        }
        double[][] e1 = new double[mus.length][m];
        for (double[] r : e1) r[0] = 1;
        SDVariable mu = sd.constant(Nd4j.createFromArray(mus));
        SDVariable x = sd.constant(Nd4j.createFromArray(e1));
        double[][] t = VmfGraph.householder(mu, x, m).eval().toDoubleMatrix();
        for (int i = 0; i < mus.length; i++) for (int j = 0; j < m; j++) assertEquals(mus[i][j], t[i][j], 1e-12, "row " + i);
        Rng rng = new Rng(3);
        double[][] y = new double[mus.length][];
        for (int i = 0; i < y.length; i++) y[i] = SphereSampling.uniformUnit(rng, m);
        double[][] ty = VmfGraph.householder(mu, sd.constant(Nd4j.createFromArray(y)), m).eval().toDoubleMatrix();
        for (int i = 0; i < y.length; i++) {
            assertEquals(1.0, VmfTestMath.dot(ty[i], ty[i]), 1e-12);
            assertTrue(Math.abs(VmfTestMath.dot(ty[i], mus[i]) - y[i][0]) < 1e-12, "<Ty, mu> = <y, e1>");
        }
    }

    static final class VmfTestMath {
        static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) s += a[i] * b[i];
            return s;
        }
    }
}
