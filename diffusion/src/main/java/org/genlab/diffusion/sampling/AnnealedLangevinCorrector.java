package org.genlab.diffusion.sampling;

import org.genlab.common.random.Rng;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.Sde;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NCSN's annealed Langevin dynamics (MATH.md §4.5, included for completeness as in score_sde): step
 * ε = 2α_i(r·σ_t)² from the kernel std σ_t instead of the measured norms; x_mean = x + εs, x = x_mean + √(2ε)·z.
 */
public final class AnnealedLangevinCorrector implements Corrector {
    private final Sde sde;
    private final ScoreFn score;
    private final double snr;
    private final int nSteps;

    public AnnealedLangevinCorrector(Sde sde, ScoreFn score, double snr, int nSteps) {
        LangevinCorrector.checkArgs(snr, nSteps);
        this.sde = sde;
        this.score = score;
        this.snr = snr;
        this.nSteps = nSteps;
    }

    @Override
    public Update update(INDArray x, INDArray t, Rng rng) {
        int n = PerSample.batch(x);
        double[] tv = PerSample.times(t, n);
        double[] step = PerSample.map(tv, u -> 2 * LangevinAlpha.of(sde, u) * Math.pow(snr * sde.std(u), 2));
        double[] noise = PerSample.map(step, e -> Math.sqrt(2 * e));
        INDArray cur = x;
        INDArray mean = x;
        for (int k = 0; k < nSteps; k++) {
            INDArray grad = score.score(cur, t);
            INDArray z = rng.gaussian(x.dataType(), x.shape());
            mean = cur.add(PerSample.scale(grad, step));
            cur = mean.add(PerSample.scale(z, noise));
        }
        return new Update(cur, mean);
    }
}
