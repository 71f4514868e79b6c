package org.genlab.diffusion.sde;

import org.genlab.common.UsageException;

import java.util.function.DoubleUnaryOperator;

/**
 * Su's "design the kernel first, then back out the SDE" (MATH.md §4.2): choose p(x_t|x_0) = N(ᾱ_t x_0, β̄_t² I)
 * and the linear SDE with these marginals has f_t = d ln ᾱ_t/dt and g_t² = ᾱ_t² d(β̄_t²/ᾱ_t²)/dt
 * = (β̄_t²)' − 2β̄_t² f_t. Derivatives are the given analytic ones, or else central differences of ln ᾱ and β̄²
 * (β̄² rather than β̄ because β̄ itself often has an infinite slope at t = 0, e.g. VP's β̄ ≈ √(β_min t)).
 * ᾱ ≡ 1 gives VE; ᾱ² + β̄² = 1 gives VP.
 */
public final class KernelSde extends Sde {
    /** Step of the numerical derivative: about ε_mach^{1/3}, balancing O(h²) truncation and O(ε/h) rounding. */
    static final double H = 1e-5;

    private final DoubleUnaryOperator alphaBar;
    private final DoubleUnaryOperator betaBar;
    private final DoubleUnaryOperator dAlphaBar;
    private final DoubleUnaryOperator dBetaBar;
    private final double t;
    private final double priorStd;
    private final double samplingEps;

    private KernelSde(Builder b, int n) {
        super(n);
        this.alphaBar = b.alphaBar;
        this.betaBar = b.betaBar;
        this.dAlphaBar = b.dAlphaBar;
        this.dBetaBar = b.dBetaBar;
        this.t = b.t;
        this.priorStd = Double.isNaN(b.priorStd) ? b.betaBar.applyAsDouble(b.t) : b.priorStd;
        this.samplingEps = b.samplingEps;
        if (!(t > 0)) throw new UsageException("kernel SDE end time T must be positive, got " + t);
        if (!(priorStd > 0)) throw new UsageException("kernel SDE prior std must be positive, got " + priorStd + " (β̄(T) or the given value)");
    }

    /** A kernel SDE with ᾱ_t and β̄_t given as functions of t. */
    public static Builder builder(DoubleUnaryOperator alphaBar, DoubleUnaryOperator betaBar) {
        return new Builder(alphaBar, betaBar);
    }

    /** Builder: derivatives, T, N, prior std and sampling ε are optional. */
    public static final class Builder {
        private final DoubleUnaryOperator alphaBar;
        private final DoubleUnaryOperator betaBar;
        private DoubleUnaryOperator dAlphaBar;
        private DoubleUnaryOperator dBetaBar;
        private double t = 1.0;
        private int n = 1000;
        private double priorStd = Double.NaN;
        private double samplingEps = 1e-3;

        private Builder(DoubleUnaryOperator alphaBar, DoubleUnaryOperator betaBar) {
            this.alphaBar = alphaBar;
            this.betaBar = betaBar;
        }

        /** Analytic dᾱ/dt and dβ̄/dt (both, or neither). */
        public Builder derivatives(DoubleUnaryOperator dAlphaBar, DoubleUnaryOperator dBetaBar) {
            if ((dAlphaBar == null) != (dBetaBar == null)) throw new IllegalArgumentException("give both derivatives or neither");
            this.dAlphaBar = dAlphaBar;
            this.dBetaBar = dBetaBar;
            return this;
        }

        public Builder T(double t) {
            this.t = t;
            return this;
        }

        public Builder N(int n) {
            this.n = n;
            return this;
        }

        /** Prior N(0, priorStd² I); default β̄(T), i.e. it assumes ᾱ_T·x_0 is negligible. */
        public Builder priorStd(double priorStd) {
            this.priorStd = priorStd;
            return this;
        }

        public Builder samplingEps(double eps) {
            this.samplingEps = eps;
            return this;
        }

        public KernelSde build() {
            return new KernelSde(this, n);
        }
    }

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public double T() {
        return t;
    }

    @Override
    public KernelSde withN(int n) {
        Builder b = new Builder(alphaBar, betaBar).derivatives(dAlphaBar, dBetaBar).T(t).priorStd(priorStd).samplingEps(samplingEps);
        return new KernelSde(b, n);
    }

    /** f_t = d ln ᾱ_t / dt. */
    @Override
    public double driftRate(double s) {
        if (dAlphaBar != null) return dAlphaBar.applyAsDouble(s) / alphaBar.applyAsDouble(s);
        return derivative(u -> Math.log(alphaBar.applyAsDouble(u)), s);
    }

    /** g_t = √((β̄_t²)' − 2β̄_t² f_t); a kernel whose β̄/ᾱ decreases somewhere has no such SDE. */
    @Override
    public double diffusion(double s) {
        double b = betaBar.applyAsDouble(s);
        double dB2 = dBetaBar != null ? 2 * b * dBetaBar.applyAsDouble(s)
                : derivative(u -> sq(betaBar.applyAsDouble(u)), s);
        double g2 = dB2 - 2 * b * b * driftRate(s);
        if (g2 < 0) {
            // rounding of the numerical derivative can give −1e−12 where g² touches 0; anything larger is a bad kernel
            double scale = Math.abs(dB2) + Math.abs(2 * b * b * driftRate(s));
            if (g2 < -1e-7 * Math.max(scale, 1e-300)) {
                throw new UsageException("kernel SDE: g(t)² = " + g2 + " < 0 at t=" + s + "; β̄_t/ᾱ_t must be non-decreasing in t");
            }
            return 0.0;
        }
        return Math.sqrt(g2);
    }

    @Override
    public double meanScale(double s) {
        return alphaBar.applyAsDouble(s);
    }

    @Override
    public double std(double s) {
        return betaBar.applyAsDouble(s);
    }

    @Override
    public double priorStd() {
        return priorStd;
    }

    @Override
    public double samplingEps() {
        return samplingEps;
    }

    /** Central difference; a second-order one-sided difference where t − h would fall below 0. */
    private static double derivative(DoubleUnaryOperator f, double s) {
        double h = H * Math.max(1.0, Math.abs(s));
        if (s - h < 0) {
            return (-3 * f.applyAsDouble(s) + 4 * f.applyAsDouble(s + h) - f.applyAsDouble(s + 2 * h)) / (2 * h);
        }
        return (f.applyAsDouble(s + h) - f.applyAsDouble(s - h)) / (2 * h);
    }

    private static double sq(double v) {
        return v * v;
    }
}
