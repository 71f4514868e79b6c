package org.genlab.diffusion.sampling;

import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.Sde;
import org.genlab.diffusion.sde.VeSde;
import org.genlab.diffusion.sde.VpSde;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Ancestral sampling of the discrete SMLD (VE) or DDPM (VP) chain (MATH.md §4.5):
 * VE: x_mean = x + (σ_i² − σ_{i−1}²)s, x = x_mean + √(σ_{i−1}²(σ_i² − σ_{i−1}²)/σ_i²)·z;
 * VP: x_mean = (x + β_i s)/√(1 − β_i), x = x_mean + √β_i·z. It exists only for those two SDEs and has no
 * probability-flow form, as in score_sde.
 */
public final class AncestralSamplingPredictor implements Predictor {
    private final Sde sde;
    private final ScoreFn score;

    public AncestralSamplingPredictor(Sde sde, ScoreFn score, boolean probabilityFlow) {
        if (!(sde instanceof VeSde) && !(sde instanceof VpSde)) {
            throw new UsageException("the ancestral predictor is defined only for the ve and vp SDEs (it samples their discrete "
                    + "SMLD/DDPM chains), not for " + sde.name() + "; use the reverse_diffusion or em predictor");
        }
        if (probabilityFlow) {
            throw new UsageException("the ancestral predictor has no probability-flow form; use reverse_diffusion or em with probability flow");
        }
        this.sde = sde;
        this.score = score;
    }

    @Override
    public Update update(INDArray x, INDArray t, Rng rng) {
        int n = PerSample.batch(x);
        double[] tv = PerSample.times(t, n);
        INDArray s = score.score(x, t);
        INDArray z = rng.gaussian(x.dataType(), x.shape());
        if (sde instanceof VeSde ve) {
            double[] dvar = new double[n];
            double[] noise = new double[n];
            for (int k = 0; k < n; k++) {
                int i = ve.timestepIndex(tv[k]);
                double s2 = sq(ve.discreteSigma(i));
                double p2 = sq(ve.discreteSigma(i - 1));
                dvar[k] = s2 - p2;
                noise[k] = Math.sqrt(p2 * (s2 - p2) / s2);
            }
            INDArray xMean = x.add(PerSample.scale(s, dvar));
            return new Update(xMean.add(PerSample.scale(z, noise)), xMean);
        }
        VpSde vp = (VpSde) sde;
        double[] beta = PerSample.map(tv, u -> vp.discreteBeta(vp.timestepIndex(u)));
        double[] inv = new double[n];
        double[] noise = new double[n];
        for (int k = 0; k < n; k++) {
            inv[k] = 1.0 / Math.sqrt(1 - beta[k]);
            noise[k] = Math.sqrt(beta[k]);
        }
        INDArray xMean = PerSample.scale(x.add(PerSample.scale(s, beta)), inv);
        return new Update(xMean.add(PerSample.scale(z, noise)), xMean);
    }

    private static double sq(double v) {
        return v * v;
    }
}
