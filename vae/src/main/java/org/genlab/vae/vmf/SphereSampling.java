package org.genlab.vae.vmf;

import org.genlab.common.math.Householder;
import org.genlab.common.random.Rng;

/**
 * Assembling z ∈ S^{m−1} from ω = μᵀz and a random tangent direction (MATH.md §3.3–3.4), and uniform draws on
 * spheres (normalised Gaussians). Two constructions with the same distribution:
 * <ul>
 *   <li>Householder (Davidson): z' = (ω, √(1−ω²)·v) with v uniform on S^{m−2}, then z = T(μ)z' where T maps e₁ to μ
 *       (common.math {@link Householder});</li>
 *   <li>orthogonal projection (Su): ν = (ε − ⟨ε,μ⟩μ)/‖ε − ⟨ε,μ⟩μ‖ with ε ~ N(0, I_m), z = ωμ + √(1−ω²)·ν.</li>
 * </ul>
 * √(1−ω²) is formed from 1−ω as √((1−ω)(1+ω)), so it keeps its relative accuracy when ω ≈ 1 (large κ).
 */
public final class SphereSampling {
    private SphereSampling() {
    }

    /** A uniform unit vector in R^k (k ≥ 1; for k = 1 a random sign). */
    public static double[] uniformUnit(Rng rng, int k) {
        double[] v = new double[k];
        double n;
        do {
            double s = 0;
            for (int i = 0; i < k; i++) {
                v[i] = rng.nextGaussian();
                s += v[i] * v[i];
            }
            n = Math.sqrt(s);
        } while (n < 1e-300);
        for (int i = 0; i < k; i++) v[i] /= n;
        return v;
    }

    /** √(1−ω²) from 1−ω. */
    public static double sine(double oneMinusOmega) {
        double om = Math.max(0.0, Math.min(2.0, oneMinusOmega));
        return Math.sqrt(om * (2 - om));
    }

    /** z' = (ω, √(1−ω²)·v), the sample around e₁; v has length m−1. */
    public static double[] aroundE1(double omega, double oneMinusOmega, double[] v) {
        double[] z = new double[v.length + 1];
        z[0] = omega;
        double s = sine(oneMinusOmega);
        for (int i = 0; i < v.length; i++) z[i + 1] = s * v[i];
        return z;
    }

    /** Davidson's construction: T(μ)·(ω, √(1−ω²)v). */
    public static double[] householder(double[] mu, double omega, double oneMinusOmega, double[] v) {
        return Householder.fromE1(mu).apply(aroundE1(omega, oneMinusOmega, v));
    }

    /** Su's construction: ωμ + √(1−ω²)·ν with ν the normalised component of ε orthogonal to μ. */
    public static double[] projection(double[] mu, double omega, double oneMinusOmega, double[] eps) {
        int m = mu.length;
        double dot = 0;
        for (int i = 0; i < m; i++) dot += eps[i] * mu[i];
        double[] nu = new double[m];
        double n2 = 0;
        for (int i = 0; i < m; i++) {
            nu[i] = eps[i] - dot * mu[i];
            n2 += nu[i] * nu[i];
        }
        double n = Math.sqrt(n2), s = sine(oneMinusOmega);
        double[] z = new double[m];
        for (int i = 0; i < m; i++) z[i] = omega * mu[i] + s * (n > 0 ? nu[i] / n : 0);
        return z;
    }
}
