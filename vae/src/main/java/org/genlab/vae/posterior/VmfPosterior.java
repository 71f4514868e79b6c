package org.genlab.vae.posterior;

import org.genlab.common.nn.Activation;
import org.genlab.common.math.VmfMath;
import org.genlab.common.nn.Linear;
import org.genlab.common.nn.Scope;
import org.genlab.common.random.Rng;
import org.genlab.vae.vmf.OmegaTable;
import org.genlab.vae.vmf.SphereSampling;
import org.genlab.vae.vmf.WoodSampler;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * vMF(μ, κ) posterior on S^{m−1} with the uniform prior (MATH.md §3), μ = normalize(Linear(h)).
 *
 * <p><b>Learned κ</b> ("vmf-vae", Davidson et al.): κ = softplus(Linear(h → 1)) + 1. ω comes from Wood's sampler
 * (closed form at m = 3) run in Java on the encoder's κ; the graph recomputes ω = h(ε, κ) from the accepted ε, so z
 * is pathwise differentiable in κ (g_rep), and z = T(μ)(ω, √(1−ω²)v) by the Householder map. The KL has no graph form
 * (Bessel functions): the graph holds sg(KL) + (κ − sg κ)·sg(dKL/dκ) with KL(κ) and dKL/dκ = κA_m'(κ) computed in Java
 * (common.math.VmfMath) — its value and its κ-gradient are exact. With {@code correction} on, {@link Heads#logProposal}
 * carries log π(ε|κ) so that the model adds Naesseth et al.'s g_cor = E[f·∂_κ log π] (MATH.md §3.3), which
 * code:s-vae omits; without it the κ-gradient is biased (measured in KappaGradientEstimatorTest).
 *
 * <p><b>Fixed κ</b> ("vmf-vae-fixed", Su): ω from Su's inverse-CDF table, z = ωμ + √(1−ω²)ν by orthogonal projection;
 * the KL is the constant KL(κ), kept in the loss value (it does not change gradients).
 */
public final class VmfPosterior implements Posterior {
    private final int m;
    private final boolean learned;
    private final double fixedKappa;
    private final boolean correction;
    private final WoodSampler wood;
    private final OmegaTable table;
    private String muName, kappaName, noiseName, tangentName, klName, klGradName, meanCosName;

    private VmfPosterior(int m, boolean learned, double fixedKappa, boolean correction, WoodSampler wood, OmegaTable table) {
        if (m < 2) throw new IllegalArgumentException("vMF needs ambient dimension m >= 2, got " + m);
        this.m = m;
        this.learned = learned;
        this.fixedKappa = fixedKappa;
        this.correction = correction;
        this.wood = wood;
        this.table = table;
    }

    /** Learned κ; {@code correction}: include the rejection-sampling correction term g_cor. */
    public static VmfPosterior learned(int m, boolean correction, WoodSampler.BMode bMode) {
        return learned(m, correction, bMode, true);
    }

    /** As above; {@code closedFormForM3} false makes m = 3 use rejection too (to test the correction there). */
    public static VmfPosterior learned(int m, boolean correction, WoodSampler.BMode bMode, boolean closedFormForM3) {
        return new VmfPosterior(m, true, Double.NaN, correction, new WoodSampler(m, bMode, closedFormForM3), null);
    }

    /** Fixed κ with Su's table sampler of the given grid step. */
    public static VmfPosterior fixed(int m, double kappa, double gridStep) {
        if (!(kappa > 0) || Double.isInfinite(kappa)) throw new IllegalArgumentException("kappa must be positive, got " + kappa);
        return new VmfPosterior(m, false, kappa, false, null, new OmegaTable(m, kappa, gridStep));
    }

    public boolean learnedKappa() {
        return learned;
    }

    public boolean correction() {
        return correction;
    }

    public WoodSampler wood() {
        return wood;
    }

    /** Name of the κ output [b, 1] (learned κ only). */
    public String kappaName() {
        return kappaName;
    }

    @Override
    public String kind() {
        return learned ? "vmf-vae" : "vmf-vae-fixed";
    }

    @Override
    public int zDim() {
        return m;
    }

    @Override
    public Heads build(Scope scope, SDVariable h, long hDim) {
        SDVariable mu = VmfGraph.normalize(new Linear(scope.child("mu"), hDim, m).apply(h)).rename(scope.name("mu_out"));
        muName = mu.name();
        if (learned) {
            SDVariable kappa = Activation.softplus(new Linear(scope.child("kappa"), hDim, 1).apply(h)).add(1.0)
                    .rename(scope.name("kappa_out"));
            kappaName = kappa.name();
            kappa.getSameDiff().identity(kappa).rename("kappa");
            return buildLearned(scope, mu, kappa);
        }
        return buildFixed(scope, mu);
    }

    /**
     * The learned-κ part on given μ [b, m] (unit rows) and κ [b, 1]; public so that the κ-gradient estimator can be
     * tested on κ as a plain variable.
     */
    public Heads buildLearned(Scope scope, SDVariable mu, SDVariable kappa) {
        SameDiff sd = mu.getSameDiff();
        DataType t = mu.dataType();
        if (kappaName == null) kappaName = kappa.name();
        if (muName == null) muName = mu.name();
        SDVariable noise = sd.placeHolder(scope.name("omega_noise"), t, -1, 1);
        SDVariable v = sd.placeHolder(scope.name("tangent"), t, -1, m - 1);
        SDVariable kl = sd.placeHolder(scope.name("kl_value"), t, -1, 1);
        SDVariable klGrad = sd.placeHolder(scope.name("kl_grad"), t, -1, 1);
        SDVariable meanCos = sd.placeHolder(scope.name("mean_cosine"), t, -1, 1);
        noiseName = noise.name();
        tangentName = v.name();
        klName = kl.name();
        klGradName = klGrad.name();
        meanCosName = meanCos.name();
        VmfGraph.Omega w = wood.usesClosedForm() ? VmfGraph.closedForm(kappa, noise) : VmfGraph.wood(kappa, noise, m);
        SDVariable z = VmfGraph.householder(mu, VmfGraph.aroundE1(w, v), m);
        SDVariable klSurrogate = kl.add(Graphs.zeroValued(kappa).mul(klGrad));
        SDVariable logPi = correction && !wood.usesClosedForm() ? VmfGraph.logAcceptedDensity(kappa, noise, meanCos, m) : null;
        return new Heads(z, sd.reshape(klSurrogate, -1), null, logPi == null ? null : sd.reshape(logPi, -1));
    }

    private Heads buildFixed(Scope scope, SDVariable mu) {
        SameDiff sd = mu.getSameDiff();
        DataType t = mu.dataType();
        SDVariable omega = sd.placeHolder(scope.name("omega"), t, -1, 1);
        SDVariable eps = sd.placeHolder(scope.name("eps"), t, -1, m);
        noiseName = omega.name();
        tangentName = eps.name();
        SDVariable sine = sd.math().sqrt(omega.mul(omega).rsub(1.0).add(VmfGraph.TINY));
        SDVariable z = VmfGraph.projection(mu, omega, sine, eps);
        double klConst = VmfMath.kl(m, fixedKappa);
        SDVariable kl = mu.mul(0.0).sum(1).add(klConst);
        return new Heads(z, kl, null, null);
    }

    @Override
    public List<String> trainingMetrics() {
        return learned && kappaName != null && kappaName.endsWith("kappa_out") ? List.of("kappa") : List.of();
    }

    @Override
    public List<String> preOutputs() {
        return learned ? List.of(kappaName) : List.of();
    }

    @Override
    public Map<String, INDArray> noise(Rng rng, int batch, Map<String, INDArray> pre, DataType dtype) {
        Map<String, INDArray> f = new LinkedHashMap<>();
        if (!learned) {
            double[] w = new double[batch];
            for (int i = 0; i < batch; i++) w[i] = table.draw(rng);
            f.put(noiseName, column(w, dtype));
            f.put(tangentName, rng.gaussian(dtype, batch, m));
            return f;
        }
        double[] kappa = pre.get(kappaName).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        if (kappa.length != batch) throw new IllegalStateException("kappa has " + kappa.length + " rows, batch is " + batch);
        double[] noise = new double[batch], kl = new double[batch], klGrad = new double[batch], a = new double[batch];
        double[][] v = new double[batch][];
        for (int i = 0; i < batch; i++) {
            noise[i] = wood.draw(rng, kappa[i]).noise();
            v[i] = SphereSampling.uniformUnit(rng, m - 1);
            kl[i] = VmfMath.kl(m, kappa[i]);
            klGrad[i] = VmfMath.klDerivative(m, kappa[i]);
            a[i] = VmfMath.meanCosine(m, kappa[i]);
        }
        f.put(noiseName, column(noise, dtype));
        f.put(tangentName, Nd4j.createFromArray(v).castTo(dtype));
        f.put(klName, column(kl, dtype));
        f.put(klGradName, column(klGrad, dtype));
        f.put(meanCosName, column(a, dtype));
        return f;
    }

    private static INDArray column(double[] x, DataType dtype) {
        return Nd4j.createFromArray(x).reshape(x.length, 1).castTo(dtype);
    }

    @Override
    public List<String> statOutputs() {
        return learned ? List.of(muName, kappaName) : List.of(muName);
    }

    @Override
    public LatentBatch latents(Map<String, INDArray> stats) {
        double[][] mu = Posterior.rows(stats.get(muName));
        // renormalise in double: the float graph leaves |μ| = 1 ± 1e−7
        for (double[] r : mu) {
            double n = 0;
            for (double x : r) n += x * x;
            n = Math.sqrt(n);
            for (int j = 0; j < r.length; j++) r[j] /= n;
        }
        if (!learned) return new VmfLatents(mu, table);
        double[] kappa = stats.get(kappaName).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        return new VmfLatents(mu, kappa, wood);
    }

    @Override
    public double logPrior(double[] z) {
        return VmfLatents.logUniform(m);
    }

    @Override
    public INDArray priorSample(Rng rng, int n, DataType dtype) {
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) z[i] = SphereSampling.uniformUnit(rng, m);
        return Nd4j.createFromArray(z).castTo(dtype);
    }

    @Override
    public String describe() {
        return learned ? "vMF posterior, m=" + m + ", learned kappa = softplus + 1, Wood sampler"
                + (wood.usesClosedForm() ? " (closed form at m=3)" : "") + ", rejection correction " + (correction ? "on" : "off")
                : "vMF posterior, m=" + m + ", fixed kappa " + fixedKappa + " (KL " + String.format("%.4f", VmfMath.kl(m, fixedKappa))
                + "), Su table sampler, orthogonal projection";
    }
}
