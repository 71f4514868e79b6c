package org.genlab.vae.model;

import org.genlab.vae.posterior.Graphs;
import org.genlab.vae.posterior.Heads;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;

/**
 * The training loss of every VAE here, per example ℓ_i = rec_i + w·KL̃_i (+ the vMF score correction), averaged over
 * the batch, where rec_i = −log p(x_i|z_i), w is the annealed KL weight (placeholder {@value #KL_WEIGHT}) and KL̃ is
 * the KL after free bits (MATH.md §2.4, the reference's --fb options):
 * <ul>
 *   <li>"total" (fb=1): KL̃_i = KL_i if KL_i &gt; λ else 0 (no gradient pushes a small KL further down);</li>
 *   <li>"dim" (fb=2): KL̃_i = Σ_j [KL_ij &gt; λ/d]·KL_ij.</li>
 * </ul>
 * Graph outputs: {@value #REC}, {@value #KL} (the true KL, unmasked) and {@value #NEG_ELBO} per example, and
 * {@value #LOSS}.
 */
public final class VaeObjective {
    public static final String LOSS = "loss", REC = "rec", KL = "kl", NEG_ELBO = "neg_elbo", KL_WEIGHT = "kl_weight";

    private VaeObjective() {
    }

    public static SDVariable build(SameDiff sd, Heads heads, SDVariable rec, VaeSettings s) {
        SDVariable w = sd.placeHolder(KL_WEIGHT, rec.dataType());
        SDVariable kl = heads.kl();
        SDVariable klUsed = switch (s.freeBitsMode()) {
            case "total" -> kl.mul(mask(sd, kl, s.freeBits()));
            case "dim" -> heads.klPerDim().mul(mask(sd, heads.klPerDim(), s.freeBits() / s.latent())).sum(1);
            default -> kl;
        };
        SDVariable rows = rec.add(klUsed.mul(w));
        SDVariable corr = s.kappaCorrection() ? heads.scoreCorrection(rec, s.kappaBaseline()) : null;
        if (corr != null) rows = rows.add(corr);
        rec.rename(REC);
        sd.identity(kl).rename(KL);
        rec.add(kl).rename(NEG_ELBO);
        return rows.mean().rename(LOSS);
    }

    /** sg([x &gt; t]) as 0/1 in x's type. */
    private static SDVariable mask(SameDiff sd, SDVariable x, double t) {
        return Graphs.stop(sd.math().sign(x.sub(t)).add(1.0).mul(0.5));
    }

    /** Per-step metrics the models report (batch means of these outputs). */
    public static List<String> metricOutputs() {
        return List.of(REC, KL, NEG_ELBO);
    }
}
