package org.genlab.common.math;

import org.apache.commons.math3.special.Gamma;

/**
 * Closed forms for the von Mises–Fisher distribution vMF(μ, κ) on S^{m−1} ⊂ R^m, m the <b>ambient</b> dimension
 * (MATH.md §3.1–3.2): normaliser, sphere area, the exact KL to the uniform prior (Davidson et al. form, not the
 * Guu/Xu–Durrett formula, which is the KL at ambient m+2), its κ-derivative and the entropy. Values only: feed them
 * into graphs as constants or through a surrogate (DL4J_NOTES "Autodiff limits").
 */
public final class VmfMath {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private VmfMath() {
    }

    /** log C_m(κ) = (m/2−1) log κ − (m/2) log 2π − log I_{m/2−1}(κ); at κ = 0 the uniform density −log|S^{m−1}|. */
    public static double logNormalizer(int m, double kappa) {
        checkKappa(m, kappa);
        if (kappa == 0) return -logSphereArea(m);
        double nu = m / 2.0 - 1;
        return nu * Math.log(kappa) - (m / 2.0) * LOG_2PI - Bessel.logI(nu, kappa);
    }

    /** log|S^{m−1}| = log 2 + (m/2) log π − lgamma(m/2), the surface area of the unit sphere in R^m. */
    public static double logSphereArea(int m) {
        checkDim(m);
        return Math.log(2) + (m / 2.0) * Math.log(Math.PI) - Gamma.logGamma(m / 2.0);
    }

    /**
     * KL(vMF(μ, κ) ‖ U(S^{m−1})) = κA_m(κ) + log C_m(κ) + log|S^{m−1}| (MATH.md §3.2), independent of μ.
     * The constants cancel exactly into κA_m(κ) − log S_ν(κ) with S_ν the normalised Bessel series (ν = m/2−1),
     * which keeps full relative accuracy as κ → 0, where KL ≈ κ²/(2m).
     */
    public static double kl(int m, double kappa) {
        checkKappa(m, kappa);
        if (kappa == 0) return 0.0;
        return kappa * Bessel.ratioA(m, kappa) - Bessel.logNormalizedSeries(m / 2.0 - 1, kappa);
    }

    /** dKL/dκ = κ·A_m'(κ) (MATH.md §1.6), which is ≥ 0: the KL grows with κ. */
    public static double klDerivative(int m, double kappa) {
        checkKappa(m, kappa);
        return kappa * Bessel.ratioADerivative(m, kappa);
    }

    /** Differential entropy w.r.t. the surface measure, H = −κA_m(κ) − log C_m(κ) = log|S^{m−1}| − KL. */
    public static double entropy(int m, double kappa) {
        return logSphereArea(m) - kl(m, kappa);
    }

    /** E[μᵀz] = A_m(κ). */
    public static double meanCosine(int m, double kappa) {
        checkKappa(m, kappa);
        return Bessel.ratioA(m, kappa);
    }

    private static void checkDim(int m) {
        if (m < 2) throw new IllegalArgumentException("vMF needs ambient dimension m >= 2, got " + m);
    }

    private static void checkKappa(int m, double kappa) {
        checkDim(m);
        if (!(kappa >= 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException("vMF concentration must be finite and >= 0, got " + kappa);
        }
    }
}
