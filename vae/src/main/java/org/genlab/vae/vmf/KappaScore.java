package org.genlab.vae.vmf;

import org.genlab.common.math.VmfMath;

/**
 * Closed forms for the κ-gradient of E_q[f(z)] under Wood's sampler (MATH.md §3.3; Naesseth et al.'s
 * reparameterisation through rejection sampling, as Davidson et al. App. D use it). With ε the accepted proposal
 * and ω = h(ε, κ), the accepted ε has density π(ε|κ) = g(h(ε,κ)|κ)·|∂h/∂ε|, so
 * ∇_κ E[f] = E[f'(ω)·∂h/∂κ] (g_rep) + E[f(ω)·∂_κ log π(ε|κ)] (g_cor), where
 * log g(ω|κ) = log C_m(κ) + κω + ((m−3)/2) log(1−ω²) + const and |∂h/∂ε| = 2b/(1−(1−b)ε)².
 * These Java versions are the oracle the graph surrogates are tested against; models use the graph versions.
 */
public final class KappaScore {
    private KappaScore() {
    }

    /** b(κ) = (m−1)/(2κ + √(4κ² + (m−1)²)), the cancellation-free form. */
    public static double b(int m, double kappa) {
        double mm1 = m - 1;
        return mm1 / (2 * kappa + Math.sqrt(4 * kappa * kappa + mm1 * mm1));
    }

    /** db/dκ = −2b/√(4κ² + (m−1)²). */
    public static double bDerivative(int m, double kappa) {
        double mm1 = m - 1;
        return -2 * b(m, kappa) / Math.sqrt(4 * kappa * kappa + mm1 * mm1);
    }

    /** ∂h(ε, κ)/∂κ with ε fixed: (∂ω/∂b)(db/dκ), ∂ω/∂b = −2ε(1−ε)/(1−(1−b)ε)². */
    public static double omegaDerivative(int m, double kappa, double eps) {
        double b = b(m, kappa), den = 1 - (1 - b) * eps;
        return -2 * eps * (1 - eps) / (den * den) * bDerivative(m, kappa);
    }

    /** ∂_κ log π(ε|κ) for Wood's accepted ε (the score that g_cor multiplies by f). */
    public static double logAcceptedDensityDerivative(int m, double kappa, double eps) {
        double b = b(m, kappa), db = bDerivative(m, kappa), den = 1 - (1 - b) * eps;
        double omega = (1 - (1 + b) * eps) / den;
        double dOmega = omegaDerivative(m, kappa, eps);
        double oneMinusOmegaSq = 4 * b * eps * (1 - eps) / (den * den);
        double dLogC = -VmfMath.meanCosine(m, kappa);
        return dLogC + omega + kappa * dOmega - (m - 3) * omega * dOmega / oneMinusOmegaSq + db / b - 2 * eps * db / den;
    }

    /** ∂ω/∂κ for the m = 3 inverse CDF ω = 1 + L/κ, L = log(u + (1−u)e^{−2κ}), with u fixed. */
    public static double closedFormOmegaDerivative(double kappa, double u) {
        double oneMinusOmega = WoodSampler.closedFormOneMinusOmega(u, kappa);
        double log = -oneMinusOmega * kappa;
        // dL/dκ = −2(1−u)e^{−2κ}/(u + (1−u)e^{−2κ}) = −2(1−u)e^{−2κ − L}
        double dLog = -2 * (1 - u) * Math.exp(-2 * kappa - log);
        return dLog / kappa - log / (kappa * kappa);
    }
}
