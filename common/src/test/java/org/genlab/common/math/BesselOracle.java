package org.genlab.common.math;

import org.apache.commons.math3.special.Gamma;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Test-side reference for log I_ν(κ) at integer and half-integer ν: the power series summed in 40-digit BigDecimal
 * arithmetic, with Γ(ν+1) formed exactly ((2n)!√π/(4ⁿn!) for half-integers), independent of the production code
 * and of commons-math's lgamma. Only the final logarithms are taken in double.
 */
final class BesselOracle {
    private static final MathContext MC = new MathContext(40);

    private BesselOracle() {
    }

    static double logI(double nu, double kappa) {
        if (Math.rint(2 * nu) != 2 * nu) throw new IllegalArgumentException("oracle needs 2ν integer, got " + nu);
        return nu * Math.log(kappa / 2) - logGammaPlusOne(nu) + logNormalizedSeries(nu, kappa);
    }

    /** Any real ν ≥ 0: the same 40-digit series, with lgamma(ν+1) from commons-math. */
    static double logIAnyOrder(double nu, double kappa) {
        return nu * Math.log(kappa / 2) - Gamma.logGamma(nu + 1) + logNormalizedSeries(nu, kappa);
    }

    /** log Σ_k (κ²/4)^k / (k! (ν+1)_k) for any double ν ≥ 0 (doubles are exact binary fractions). */
    static double logNormalizedSeries(double nu, double kappa) {
        return log(normalizedSeries(nu, kappa));
    }

    /** I_{ν+1}(κ)/I_ν(κ) = (κ/2)/(ν+1) · S_{ν+1}(κ)/S_ν(κ), all in 40 digits. */
    static double ratio(double nu, double kappa) {
        BigDecimal s = normalizedSeries(nu + 1, kappa).divide(normalizedSeries(nu, kappa), MC);
        return s.multiply(new BigDecimal(kappa / 2)).divide(new BigDecimal(nu + 1), MC).doubleValue();
    }

    /** 1 − I_{ν+1}(κ)/I_ν(κ) in 40 digits (the cancellation happens in BigDecimal, not in double). */
    static double oneMinusRatio(double nu, double kappa) {
        BigDecimal s = normalizedSeries(nu + 1, kappa).divide(normalizedSeries(nu, kappa), MC);
        BigDecimal r = s.multiply(new BigDecimal(kappa / 2)).divide(new BigDecimal(nu + 1), MC);
        return BigDecimal.ONE.subtract(r).doubleValue();
    }

    static BigDecimal normalizedSeries(double nu, double kappa) {
        BigDecimal q = new BigDecimal(kappa).pow(2).divide(BigDecimal.valueOf(4), MC);
        BigDecimal nuB = new BigDecimal(nu);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int k = 1; ; k++) {
            BigDecimal den = BigDecimal.valueOf(k).multiply(nuB.add(BigDecimal.valueOf(k)), MC);
            BigDecimal ratio = q.divide(den, MC);
            term = term.multiply(ratio, MC);
            sum = sum.add(term, MC);
            if (ratio.compareTo(new BigDecimal("0.5")) < 0
                    && term.compareTo(sum.multiply(new BigDecimal("1e-36"), MC)) < 0) break;
        }
        return sum;
    }

    /** log Γ(ν+1) for 2ν integer, from exact factorials. */
    static double logGammaPlusOne(double nu) {
        if (Math.rint(nu) == nu) return log(new BigDecimal(factorial((int) nu)));
        int n = (int) Math.round(nu + 0.5); // Γ(ν+1) = Γ(n + ½)
        BigDecimal rational = new BigDecimal(factorial(2 * n))
                .divide(new BigDecimal(BigInteger.valueOf(4).pow(n).multiply(factorial(n))), MC);
        return log(rational) + 0.5 * Math.log(Math.PI);
    }

    static BigInteger factorial(int n) {
        BigInteger f = BigInteger.ONE;
        for (int i = 2; i <= n; i++) f = f.multiply(BigInteger.valueOf(i));
        return f;
    }

    /** Natural log of a positive BigDecimal of any magnitude. */
    static double log(BigDecimal x) {
        BigDecimal xm1 = x.subtract(BigDecimal.ONE);
        if (xm1.abs().compareTo(new BigDecimal("0.25")) < 0) return Math.log1p(xm1.doubleValue());
        BigDecimal r = x.round(new MathContext(18));
        return Math.log(r.unscaledValue().doubleValue()) - r.scale() * Math.log(10);
    }
}
