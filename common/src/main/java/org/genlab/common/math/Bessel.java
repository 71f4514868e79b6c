package org.genlab.common.math;

import org.apache.commons.math3.special.Gamma;

/**
 * Modified Bessel function of the first kind for real order ν ≥ 0 and argument κ ≥ 0, in log space, and the ratio
 * A_m(κ) = I_{m/2}(κ)/I_{m/2−1}(κ) that vMF needs (MATH.md §1.6; ND4J has no Bessel functions, DL4J_NOTES).
 *
 * <p>Regions for log I_ν(κ), chosen so each method is accurate to about 1e-14 relative where it is used:
 * <ul>
 *   <li>ν ≥ {@value #DEBYE_MIN_ORDER}: uniform (Debye) asymptotic expansion with {@value #DEBYE_TERMS} correction
 *       terms u_k(p), valid uniformly in κ;</li>
 *   <li>ν &lt; {@value #DEBYE_MIN_ORDER}, κ ≤ {@value #HANKEL_MIN_KAPPA}: power series (all terms positive);</li>
 *   <li>ν &lt; {@value #DEBYE_MIN_ORDER}, κ &gt; {@value #HANKEL_MIN_KAPPA}: Hankel large-argument expansion.</li>
 * </ul>
 * The thresholds were measured against a 40-digit series (BesselOracle in the tests): with 16 terms the uniform
 * expansion is within ~5e-15 from ν = 12 (1.7e-13 at ν = 10); more terms make it worse near p = 1, where the
 * polynomials' large alternating coefficients cancel.
 * The ratio uses the Perron continued fraction by the modified Lentz method, and the Hankel expansion for
 * κ ≫ ν², where the fraction would need O(κ) steps and 1 − A must be known to relative accuracy for A'.
 */
public final class Bessel {
    /** Order from which the uniform expansion is used for every κ. */
    static final double DEBYE_MIN_ORDER = 12.0;
    /** Argument above which the Hankel expansion replaces the power series for small orders. */
    static final double HANKEL_MIN_KAPPA = 50.0;
    /** Argument above which the ratio uses the Hankel expansion, provided ν² ≤ 2κ. */
    static final double HANKEL_RATIO_MIN_KAPPA = 1000.0;
    static final int DEBYE_TERMS = 16;
    private static final double[][] DEBYE_U = debyePolynomials(DEBYE_TERMS);
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final int MAX_CF_STEPS = 10_000_000;

    private Bessel() {
    }

    /** log I_ν(κ); log I_ν(0) is 0 for ν = 0 and −∞ otherwise. */
    public static double logI(double nu, double kappa) {
        check(nu, kappa);
        if (kappa == 0) return nu == 0 ? 0.0 : Double.NEGATIVE_INFINITY;
        if (nu >= DEBYE_MIN_ORDER) return logIDebye(nu, kappa);
        if (kappa <= HANKEL_MIN_KAPPA) return logISeries(nu, kappa);
        return logIHankel(nu, kappa);
    }

    /**
     * log of the normalised series S_ν(κ) = Γ(ν+1)(2/κ)^ν I_ν(κ) = Σ_k (κ²/4)^k / (k! (ν+1)_k), which is ≥ 0 and
     * tends to 0 as κ → 0. Computed from the series directly where that is cheap, so small values keep full
     * relative accuracy (VmfMath's KL is κA − log S and would otherwise lose it to cancellation at small κ).
     */
    public static double logNormalizedSeries(double nu, double kappa) {
        check(nu, kappa);
        if (kappa == 0) return 0.0;
        if (kappa * kappa <= 16 * (nu + 1) || (nu < DEBYE_MIN_ORDER && kappa <= HANKEL_MIN_KAPPA)) {
            return logSeriesSum(nu, kappa);
        }
        return logI(nu, kappa) - nu * Math.log(kappa / 2) + Gamma.logGamma(nu + 1);
    }

    /**
     * A_m(κ) = I_{m/2}(κ)/I_{m/2−1}(κ) = E[μᵀz] under vMF on S^{m−1} (MATH.md §3.1), for real m ≥ 2; A_m(0) = 0.
     */
    public static double ratioA(double m, double kappa) {
        checkDim(m, kappa);
        if (kappa == 0) return 0.0;
        double nu = m / 2 - 1;
        if (useHankelRatio(nu, kappa)) return 1 - hankelOneMinusRatio(nu, kappa);
        return continuedFractionRatio(nu, kappa);
    }

    /** dA_m/dκ = 1 − A² − (m−1)A/κ (MATH.md §1.6); the limit 1/m at κ = 0. */
    public static double ratioADerivative(double m, double kappa) {
        checkDim(m, kappa);
        if (kappa == 0) return 1.0 / m;
        double nu = m / 2 - 1;
        if (useHankelRatio(nu, kappa)) {
            // With ε = 1 − A known to relative accuracy, 1 − A² = ε(2 − ε) avoids cancelling two numbers near 1.
            double eps = hankelOneMinusRatio(nu, kappa);
            return eps * (2 - eps) - (m - 1) * (1 - eps) / kappa;
        }
        double a = continuedFractionRatio(nu, kappa);
        return (1 - a) * (1 + a) - (m - 1) * a / kappa;
    }

    // ---- log I_ν by region (package-private so tests can compare the methods where they overlap) ----

    /** Power series, log I_ν(κ) = ν log(κ/2) − lgamma(ν+1) + log S_ν(κ). Exact up to rounding for any κ. */
    static double logISeries(double nu, double kappa) {
        return nu * Math.log(kappa / 2) - Gamma.logGamma(nu + 1) + logSeriesSum(nu, kappa);
    }

    /** log Σ_k t_k with t_0 = 1, t_{k+1} = t_k (κ²/4) / ((k+1)(ν+k+1)); rescaled to avoid overflow. */
    static double logSeriesSum(double nu, double kappa) {
        double q = kappa * kappa / 4;
        double term = 1;
        double rest = 0; // Σ_{k≥1} t_k, relative to the scale below
        double head = 1; // t_0 in the current scale
        double logScale = 0;
        for (int k = 0; ; k++) {
            double ratio = q / ((k + 1) * (nu + k + 1));
            term *= ratio;
            rest += term;
            if (rest > 1e250) {
                rest *= 1e-250;
                term *= 1e-250;
                head *= 1e-250;
                logScale += 250 * Math.log(10);
            }
            // Ratios decrease with k, so once below 1/2 the tail is smaller than the current term.
            if (ratio < 0.5 && term <= 1e-17 * (head + rest)) break;
        }
        return logScale + (head == 1 ? Math.log1p(rest) : Math.log(head + rest));
    }

    /**
     * Uniform asymptotic expansion (DLMF 10.41.3): with z = κ/ν, p = 1/√(1+z²), η = √(1+z²) − asinh(1/z),
     * log I_ν(νz) = νη − ½log(2πν) − ¼log(1+z²) + log Σ_k u_k(p)/ν^k.
     */
    static double logIDebye(double nu, double kappa) {
        double z = kappa / nu;
        double root = Math.hypot(1, z);
        double p = 1 / root;
        // asinh(1/z) = log((1 + √(1+z²))/z); written with log1p for large z, where it is ≈ 1/z.
        double invZ = 1 / z;
        double asinhInvZ = z >= 1 ? Math.log1p(invZ + invZ * invZ / (1 + Math.hypot(1, invZ)))
                : Math.log((1 + root) / z);
        double eta = root - asinhInvZ;
        double sum = 0;
        double nuPow = 1;
        for (int k = 1; k <= DEBYE_TERMS; k++) {
            nuPow /= nu;
            sum += polynomial(DEBYE_U[k], p) * nuPow;
        }
        return nu * eta - 0.5 * (LOG_2PI + Math.log(nu)) + 0.5 * Math.log(p) + Math.log1p(sum);
    }

    /** Hankel expansion (DLMF 10.40.1): I_ν(κ) ≈ e^κ/√(2πκ) Σ_k (−1)^k a_k(ν)/κ^k. */
    static double logIHankel(double nu, double kappa) {
        return kappa - 0.5 * (LOG_2PI + Math.log(kappa)) + Math.log(hankelSum(nu, kappa));
    }

    /** Σ_k (−1)^k a_k(ν)/κ^k, terms t_k = −t_{k−1}(4ν² − (2k−1)²)/(8kκ), stopped at rounding level. */
    private static double hankelSum(double nu, double kappa) {
        double mu = 4 * nu * nu;
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 500; k++) {
            double prev = Math.abs(term);
            term *= -(mu - (2.0 * k - 1) * (2.0 * k - 1)) / (8.0 * k * kappa);
            sum += term;
            if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
            if (Math.abs(term) > prev && (2.0 * k - 1) * (2.0 * k - 1) > mu) break; // asymptotic tail diverging
        }
        return sum;
    }

    // ---- the ratio ----

    private static boolean useHankelRatio(double nu, double kappa) {
        return kappa > HANKEL_RATIO_MIN_KAPPA && nu * nu <= 2 * kappa;
    }

    /**
     * I_{ν+1}(κ)/I_ν(κ) = 1/(b_1 + 1/(b_2 + …)), b_j = 2(ν+j)/κ (from I_ν − I_{ν+2} = (2(ν+1)/κ) I_{ν+1}),
     * by the modified Lentz algorithm. All b_j &gt; 0, so no denominator can vanish; needs about κ/2 steps when
     * κ ≫ ν.
     */
    static double continuedFractionRatio(double nu, double kappa) {
        final double tiny = 1e-300;
        double f = 2 * (nu + 1) / kappa;
        double c = f;
        double d = 0;
        for (int j = 2; j < MAX_CF_STEPS; j++) {
            double b = 2 * (nu + j) / kappa;
            d = b + d;
            if (d < tiny) d = tiny;
            d = 1 / d;
            c = b + 1 / c;
            if (c < tiny) c = tiny;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 2.3e-16) return 1 / f;
        }
        throw new ArithmeticException("Bessel ratio continued fraction did not converge for nu=" + nu
                + ", kappa=" + kappa);
    }

    /**
     * 1 − I_{ν+1}/I_ν from the Hankel sums, h_ν = Σ_k t_k(ν): 1 − h_{ν+1}/h_ν = Σ_k (t_k(ν) − t_k(ν+1)) / h_ν,
     * summed term by term so the small difference keeps its relative accuracy.
     */
    static double hankelOneMinusRatio(double nu, double kappa) {
        double mu0 = 4 * nu * nu;
        double mu1 = 4 * (nu + 1) * (nu + 1);
        double t0 = 1;
        double t1 = 1;
        double h0 = 1;
        double diff = 0;
        for (int k = 1; k < 500; k++) {
            double odd = (2.0 * k - 1) * (2.0 * k - 1);
            double scale = -1 / (8.0 * k * kappa);
            t0 *= scale * (mu0 - odd);
            t1 *= scale * (mu1 - odd);
            h0 += t0;
            double dt = t0 - t1;
            diff += dt;
            if (Math.abs(dt) <= 1e-17 * Math.abs(diff) && Math.abs(t0) <= 1e-17 * Math.abs(h0)) break;
        }
        return diff / h0;
    }

    // ---- Debye polynomials ----

    /**
     * u_0 = 1, u_{k+1}(p) = ½p²(1−p²)u_k'(p) + ⅛∫_0^p (1−5t²)u_k(t)dt (DLMF 10.41.10), as coefficient arrays in p.
     * Generated once, so no long tables of magic numbers are needed.
     */
    static double[][] debyePolynomials(int n) {
        double[][] u = new double[n + 1][];
        u[0] = new double[]{1};
        for (int k = 0; k < n; k++) {
            double[] c = u[k];
            double[] next = new double[c.length + 3];
            for (int j = 1; j < c.length; j++) {
                // ½p²(1−p²)·j c_j p^{j−1} = ½ j c_j (p^{j+1} − p^{j+3})
                next[j + 1] += 0.5 * j * c[j];
                next[j + 3] -= 0.5 * j * c[j];
            }
            for (int j = 0; j < c.length; j++) {
                // ⅛∫_0^p (1−5t²) c_j t^j dt = ⅛ c_j (p^{j+1}/(j+1) − 5p^{j+3}/(j+3))
                next[j + 1] += c[j] / (8.0 * (j + 1));
                next[j + 3] -= 5 * c[j] / (8.0 * (j + 3));
            }
            u[k + 1] = next;
        }
        return u;
    }

    private static double polynomial(double[] c, double x) {
        double r = 0;
        for (int j = c.length - 1; j >= 0; j--) r = r * x + c[j];
        return r;
    }

    private static void check(double nu, double kappa) {
        if (!(nu >= 0) || Double.isInfinite(nu)) throw new IllegalArgumentException("Bessel order must be >= 0, got " + nu);
        if (!(kappa >= 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException("Bessel argument must be finite and >= 0, got " + kappa);
        }
    }

    private static void checkDim(double m, double kappa) {
        if (!(m >= 2) || Double.isInfinite(m)) throw new IllegalArgumentException("dimension m must be >= 2, got " + m);
        check(m / 2 - 1, kappa);
    }
}
