package org.genlab.vae.posterior;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * vMF sampling steps written as graph expressions, so that z is differentiable in μ and, through ω = h(ε, κ), in κ
 * (MATH.md §3.3). All inputs are [b, ·]; κ, ε and u are [b, 1]. The noise itself (accepted ε, u, tangent v) is drawn
 * in Java and fed as placeholders.
 */
public final class VmfGraph {
    /** Keeps square roots and logs away from 0, where their gradients are infinite. */
    static final double TINY = 1e-20;

    private VmfGraph() {
    }

    /** ω, 1 − ω and √(1−ω²), each [b, 1]. */
    public record Omega(SDVariable omega, SDVariable oneMinus, SDVariable sine) {
    }

    /** b(κ) = (m−1)/(2κ + √(4κ² + (m−1)²)). */
    public static SDVariable b(SDVariable kappa, int m) {
        SameDiff sd = kappa.getSameDiff();
        double mm1 = m - 1;
        SDVariable root = sd.math().sqrt(kappa.mul(kappa).mul(4).add(mm1 * mm1));
        return kappa.mul(2).add(root).rdiv(mm1);
    }

    /**
     * Wood's map ω = (1 − (1+b)ε)/(1 − (1−b)ε) with the cancellation-free 1 − ω = 2bε/den and
     * 1 − ω² = 4bε(1−ε)/den², den = 1 − (1−b)ε.
     */
    public static Omega wood(SDVariable kappa, SDVariable eps, int m) {
        SameDiff sd = kappa.getSameDiff();
        SDVariable b = b(kappa, m);
        SDVariable den = b.rsub(1.0).mul(eps).rsub(1.0);
        SDVariable omega = b.add(1.0).mul(eps).rsub(1.0).div(den);
        SDVariable oneMinus = b.mul(eps).mul(2).div(den);
        SDVariable sinSqNum = b.mul(eps).mul(eps.rsub(1.0)).mul(4);
        SDVariable sine = sd.math().sqrt(sinSqNum.add(TINY)).div(den);
        return new Omega(omega, oneMinus, sine);
    }

    /** m = 3 inverse CDF ω = 1 + L/κ with L = log(u + (1−u)e^{−2κ}) as a two-term logsumexp (code:s-vae). */
    public static Omega closedForm(SDVariable kappa, SDVariable u) {
        SameDiff sd = kappa.getSameDiff();
        SDVariable logU = sd.math().log(u);
        SDVariable other = sd.math().log(u.rsub(1.0)).sub(kappa.mul(2));
        SDVariable mx = sd.math().max(logU, other);
        SDVariable log = mx.add(sd.math().log(sd.math().exp(logU.sub(mx)).add(sd.math().exp(other.sub(mx)))));
        SDVariable oneMinus = log.neg().div(kappa);
        SDVariable onePlus = oneMinus.rsub(2.0);
        SDVariable sine = sd.math().sqrt(oneMinus.mul(onePlus).add(TINY));
        return new Omega(oneMinus.rsub(1.0), oneMinus, sine);
    }

    /**
     * log π(ε|κ) = log C_m(κ) + κω + ((m−3)/2) log(1−ω²) + log|∂h/∂ε| up to a constant, for Wood's accepted ε.
     * log C_m has no graph form (no Bessel functions): only its gradient matters here, so it enters as
     * (κ − sg κ)·(−A_m(κ)) with A fed from Java (d log C_m/dκ = −A_m, MATH.md §1.6).
     */
    public static SDVariable logAcceptedDensity(SDVariable kappa, SDVariable eps, SDVariable meanCosine, int m) {
        SameDiff sd = kappa.getSameDiff();
        SDVariable b = b(kappa, m);
        SDVariable den = b.rsub(1.0).mul(eps).rsub(1.0);
        SDVariable logDen = sd.math().log(den);
        SDVariable omega = b.add(1.0).mul(eps).rsub(1.0).div(den);
        SDVariable logB = sd.math().log(b);
        SDVariable logC = Graphs.zeroValued(kappa).mul(meanCosine).neg();
        SDVariable logSinSq = logB.add(sd.math().log(eps.mul(eps.rsub(1.0)).add(TINY))).add(Math.log(4)).sub(logDen.mul(2));
        SDVariable logJac = logB.add(Math.log(2)).sub(logDen.mul(2));
        return logC.add(kappa.mul(omega)).add(logSinSq.mul(0.5 * (m - 3))).add(logJac);
    }

    /** z' = (ω, √(1−ω²)·v) around e₁; v [b, m−1] uniform on S^{m−2}. */
    public static SDVariable aroundE1(Omega w, SDVariable v) {
        return w.omega().getSameDiff().concat(1, w.omega(), w.sine().mul(v));
    }

    /**
     * The Householder map T(μ)x = x − 2(x·u)u, u = (e₁ − μ)/‖e₁ − μ‖ (MATH.md §1.3 form 2; common.math.Householder).
     * For unit μ the first component 1 − μ₀ is formed as Σ_{j≥1}μ_j²/(1+|μ₀|) + (|μ₀| − μ₀), which equals 1 − μ₀
     * and does not cancel near μ = e₁ (Parlett's form). The norm is floored so that μ = e₁ gives T = I.
     */
    public static SDVariable householder(SDVariable mu, SDVariable x, int m) {
        SameDiff sd = mu.getSameDiff();
        // masks instead of slices: a width-1 slice of the [b, 2] case misbehaves in M2.1
        double[] first = new double[m], others = new double[m];
        first[0] = 1;
        for (int j = 1; j < m; j++) others[j] = 1;
        SDVariable mask0 = sd.constant(Nd4j.createFromArray(new double[][]{first}).castTo(mu.dataType()));
        SDVariable maskRest = sd.constant(Nd4j.createFromArray(new double[][]{others}).castTo(mu.dataType()));
        SDVariable mu0 = mu.mul(mask0).sum(true, 1);
        SDVariable rest = mu.mul(maskRest);
        SDVariable restSq = rest.mul(rest).sum(true, 1);
        SDVariable abs0 = sd.math().abs(mu0);
        SDVariable d0 = restSq.div(abs0.add(1.0)).add(abs0.sub(mu0));
        SDVariable diff = d0.mul(mask0).sub(rest);
        SDVariable norm = sd.math().sqrt(diff.mul(diff).sum(true, 1).add(1e-24));
        SDVariable u = diff.div(norm);
        SDVariable dot = x.mul(u).sum(true, 1);
        return x.sub(u.mul(dot).mul(2));
    }

    /** Su's construction z = ωμ + √(1−ω²)·ν, ν = (ε − ⟨ε,μ⟩μ)/‖ε − ⟨ε,μ⟩μ‖ with ε [b, m] Gaussian. */
    public static SDVariable projection(SDVariable mu, SDVariable omega, SDVariable sine, SDVariable eps) {
        SameDiff sd = mu.getSameDiff();
        SDVariable perp = eps.sub(mu.mul(eps.mul(mu).sum(true, 1)));
        SDVariable nu = perp.div(sd.math().sqrt(perp.mul(perp).sum(true, 1).add(TINY)));
        return mu.mul(omega).add(nu.mul(sine));
    }

    /** Row-wise L2 normalisation x/‖x‖ (the μ head). */
    public static SDVariable normalize(SDVariable x) {
        SameDiff sd = x.getSameDiff();
        return x.div(sd.math().sqrt(x.mul(x).sum(true, 1).add(1e-12)));
    }

    static SDVariable scalar(SameDiff sd, org.nd4j.linalg.api.buffer.DataType t, double v) {
        return sd.constant(Nd4j.scalar(t, v));
    }
}
