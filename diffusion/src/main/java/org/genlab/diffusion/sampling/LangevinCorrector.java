package org.genlab.diffusion.sampling;

import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.Sde;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Langevin MCMC with the signal-to-noise step rule (MATH.md §4.5), M steps:
 * ε = 2α_i(r‖z‖/‖s‖)² with ‖·‖ the per-sample L2 norm averaged over the batch (so one step size for the batch up to
 * α_i), x_mean = x + εs, x = x_mean + √(2ε)·z.
 */
public final class LangevinCorrector implements Corrector {
    private final Sde sde;
    private final ScoreFn score;
    private final double snr;
    private final int nSteps;

    public LangevinCorrector(Sde sde, ScoreFn score, double snr, int nSteps) {
        checkArgs(snr, nSteps);
        this.sde = sde;
        this.score = score;
        this.snr = snr;
        this.nSteps = nSteps;
    }

    static void checkArgs(double snr, int nSteps) {
        if (!(snr > 0)) throw new UsageException("corrector snr must be positive, got " + snr + " (typical 0.05 to 0.2)");
        if (nSteps < 1) throw new UsageException("corrector steps per time point must be at least 1, got " + nSteps);
    }

    @Override
    public Update update(INDArray x, INDArray t, Rng rng) {
        int n = PerSample.batch(x);
        double[] alpha = PerSample.map(PerSample.times(t, n), u -> LangevinAlpha.of(sde, u));
        INDArray cur = x;
        INDArray mean = x;
        for (int k = 0; k < nSteps; k++) {
            INDArray grad = score.score(cur, t);
            INDArray z = rng.gaussian(x.dataType(), x.shape());
            double gradNorm = mean(PerSample.norms(grad));
            double noiseNorm = mean(PerSample.norms(z));
            double base = 2 * sq(snr * noiseNorm / gradNorm);
            double[] step = new double[n];
            double[] noise = new double[n];
            for (int i = 0; i < n; i++) {
                step[i] = base * alpha[i];
                noise[i] = Math.sqrt(2 * step[i]);
            }
            mean = cur.add(PerSample.scale(grad, step));
            cur = mean.add(PerSample.scale(z, noise));
        }
        return new Update(cur, mean);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        return s / v.length;
    }

    private static double sq(double v) {
        return v * v;
    }
}
