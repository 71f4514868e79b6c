package org.genlab.vae.vmf;

import org.genlab.common.math.LogSumExp;
import org.genlab.common.random.Rng;

/**
 * Samples ω = μᵀz under vMF(μ, κ) on S^{m−1}, whose density on [−1, 1] is ∝ e^{κω}(1−ω²)^{(m−3)/2}
 * (MATH.md §3.3): Ulrich/Wood rejection from the Beta((m−1)/2, (m−1)/2) proposal mapped through
 * ω = h(ε, κ) = (1 − (1+b)ε)/(1 − (1−b)ε), and for m = 3 the closed-form inverse CDF
 * ω = 1 + log(u + (1−u)e^{−2κ})/κ (as code:s-vae does). Each draw also returns the accepted ε (or u for the closed
 * form): the learned-κ posterior feeds it to the graph, recomputes ω = h(ε, κ) there and so gets the pathwise
 * κ-gradient (g_rep), plus the rejection correction g_cor of {@link KappaScore}.
 *
 * <p>b: the reference computes b = (−2κ + √(4κ² + (m−1)²))/(m−1), which cancels for large κ, and blends in the
 * Taylor value (m−1)/(4κ) for 10 &lt; κ &lt; 11. That blend ({@link BMode#REFERENCE_BLEND}) is kept for comparison, but
 * the Taylor value is only right when κ ≫ m, and a wrong b makes the acceptance test use a bound that is not the
 * envelope's maximum, which biases the sampler (measured in WoodSamplerTest at m = 50). The default
 * {@link BMode#EXACT} uses the algebraically identical, cancellation-free b = (m−1)/(2κ + √(4κ² + (m−1)²)).
 */
public final class WoodSampler {
    /** How b is computed. */
    public enum BMode { EXACT, REFERENCE_BLEND }

    /** One draw: ω, 1 − ω (accurate when ω ≈ 1), the noise that produced it, and the proposals it took. */
    public record Draw(double omega, double oneMinusOmega, double noise, int proposals) {
    }

    /** The proposal/envelope constants of Wood's algorithm for one (m, κ). */
    public record Envelope(int m, double kappa, double a, double b, double d) {
        public static Envelope of(int m, double kappa, BMode mode) {
            double mm1 = m - 1;
            double root = Math.sqrt(4 * kappa * kappa + mm1 * mm1);
            double b = mm1 / (2 * kappa + root);
            if (mode == BMode.REFERENCE_BLEND) {
                double bTrue = (-2 * kappa + root) / mm1;
                double bApp = mm1 / (4 * kappa);
                double s = Math.min(Math.max(0.0, kappa - 10), 1.0);
                b = bApp * s + bTrue * (1 - s);
            }
            double a = (mm1 + 2 * kappa + root) / 4;
            double d = 4 * a * b / (1 + b) - mm1 * Math.log(mm1);
            return new Envelope(m, kappa, a, b, d);
        }

        /** h(ε, κ). */
        public double omega(double eps) {
            return (1 - (1 + b) * eps) / (1 - (1 - b) * eps);
        }

        /** 1 − h(ε, κ) = 2bε/(1 − (1−b)ε), without cancellation. */
        public double oneMinusOmega(double eps) {
            return 2 * b * eps / (1 - (1 - b) * eps);
        }

        /** Accept ε with uniform u when (m−1) ln t − t + d ≥ ln u, t = 2ab/(1 − (1−b)ε). */
        public boolean accepts(double eps, double u) {
            double t = 2 * a * b / (1 - (1 - b) * eps);
            return (m - 1) * Math.log(t) - t + d >= Math.log(u);
        }
    }

    private final int m;
    private final BMode mode;
    private final boolean closedFormForM3;

    public WoodSampler(int m, BMode mode, boolean closedFormForM3) {
        if (m < 2) throw new IllegalArgumentException("vMF needs ambient dimension m >= 2, got " + m);
        this.m = m;
        this.mode = mode;
        this.closedFormForM3 = closedFormForM3;
    }

    /** Exact b, closed form at m = 3 (the default configuration). */
    public WoodSampler(int m) {
        this(m, BMode.EXACT, true);
    }

    public int dim() {
        return m;
    }

    /** Whether draws come from the closed form (noise = u) rather than rejection (noise = ε). */
    public boolean usesClosedForm() {
        return m == 3 && closedFormForM3;
    }

    public Draw draw(Rng rng, double kappa) {
        if (!(kappa > 0) || Double.isInfinite(kappa)) throw new IllegalArgumentException("kappa must be finite and > 0, got " + kappa);
        if (usesClosedForm()) {
            double u;
            do {
                u = rng.nextDouble();
            } while (u == 0);
            double oneMinus = closedFormOneMinusOmega(u, kappa);
            return new Draw(1 - oneMinus, oneMinus, u, 1);
        }
        Envelope env = Envelope.of(m, kappa, mode);
        double half = (m - 1) / 2.0;
        for (int k = 1; ; k++) {
            double eps = BetaSampler.beta(rng, half, half);
            double u;
            do {
                u = rng.nextDouble();
            } while (u == 0);
            if (env.accepts(eps, u)) return new Draw(env.omega(eps), env.oneMinusOmega(eps), eps, k);
        }
    }

    /**
     * 1 − ω for the m = 3 inverse CDF: −log(u + (1−u)e^{−2κ})/κ. For small κ via log1p((1−u)·expm1(−2κ)), which
     * keeps its relative accuracy as κ → 0; otherwise by logsumexp as in code:s-vae.
     */
    public static double closedFormOneMinusOmega(double u, double kappa) {
        double log = kappa < 1
                ? Math.log1p((1 - u) * Math.expm1(-2 * kappa))
                : LogSumExp.lse(Math.log(u), Math.log1p(-u) - 2 * kappa);
        return Math.min(2.0, -log / kappa);
    }
}
