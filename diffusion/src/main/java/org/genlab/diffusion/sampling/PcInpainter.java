package org.genlab.diffusion.sampling;

import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.Sde;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Inpainting with the predictor–corrector sampler (score_sde's {@code get_pc_inpainter}): known values are those
 * where mask = 1. Start from x = data·mask + prior·(1 − mask); at each t_i of linspace(T, ε_s, N) run the corrector
 * and then the predictor on the whole state, and after each of the two updates overwrite the known values with a
 * fresh draw of the forward-perturbed data m_t·data + σ_t·z, so that the unknown values are sampled conditioned on
 * a consistent noisy version of the known ones. The result is the noise-free mean of the last step (noise removal),
 * whose known values are exactly m_ε·data. Unlike score_sde, which mixes the noisy state into its returned mean,
 * the unknown part of the mean here is the update's own mean.
 */
public final class PcInpainter {
    private final Sde sde;
    private final ScoreFn score;
    private final Predictor predictor;
    private final Corrector corrector;
    private final double eps;
    private final boolean denoise;

    /**
     * @param steps N, the number of time points (the SDE is re-discretised with N steps as in {@link PcSampler})
     * @param eps   last time ε_s; NaN for the SDE's default
     */
    public PcInpainter(Sde sde, ScoreFn score, String predictor, String corrector, double snr, int correctorSteps, int steps,
                       double eps, boolean denoise) {
        if (steps < 2) throw new UsageException("sampler steps N must be at least 2, got " + steps);
        this.sde = sde.N() == steps ? sde : sde.withN(steps);
        this.score = score;
        this.predictor = Predictors.create(predictor, this.sde, score, false);
        this.corrector = Correctors.create(corrector, this.sde, score, snr, correctorSteps);
        this.eps = Double.isNaN(eps) ? sde.samplingEps() : eps;
        if (!(this.eps > 0 && this.eps < sde.T())) throw new UsageException("sampling eps must lie in (0, T=" + sde.T() + "), got " + eps);
        this.denoise = denoise;
    }

    /** Completes {@code data} [n, dims...] where {@code mask} (same shape, 1 = known, 0 = unknown) is 0. */
    public SampleResult run(INDArray data, INDArray mask, Rng rng) {
        if (!Arrays.equals(data.shape(), mask.shape())) {
            throw new IllegalArgumentException("mask shape " + Arrays.toString(mask.shape()) + " differs from data " + Arrays.toString(data.shape()));
        }
        long before = score.evaluations();
        int n = PerSample.batch(data);
        INDArray keep = mask.castTo(data.dataType());
        INDArray free = keep.rsub(1.0);
        INDArray x = data.mul(keep).addi(sde.priorSample(data.shape(), rng, data.dataType()).muli(free));
        INDArray xMean = x;
        int steps = sde.N();
        for (int i = 0; i < steps; i++) {
            double t = sde.T() + i * (eps - sde.T()) / (steps - 1);
            INDArray vt = PerSample.fill(t, n, x.dataType());
            for (boolean corrector : new boolean[]{true, false}) {
                if (corrector && this.corrector.isIdentity()) continue;
                if (!corrector && predictor.isIdentity()) continue;
                Update u = corrector ? this.corrector.update(x, vt, rng) : predictor.update(x, vt, rng);
                INDArray known = sde.marginalMean(data, vt);
                double s = sde.std(t);
                INDArray noisyKnown = known.add(rng.gaussian(data.dataType(), data.shape()).muli(s));
                x = u.x().mul(free).addi(noisyKnown.mul(keep));
                xMean = u.xMean().mul(free).addi(known.mul(keep));
            }
        }
        return new SampleResult(denoise ? xMean : x, score.evaluations() - before);
    }
}
