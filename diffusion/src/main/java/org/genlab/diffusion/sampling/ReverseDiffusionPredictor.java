package org.genlab.diffusion.sampling;

import org.genlab.common.random.Rng;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.Discretization;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.ReverseSde;
import org.genlab.diffusion.sde.Sde;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reverse diffusion: the forward discretisation run backwards (MATH.md §4.5): x_mean = x − (f_i − G_i² s),
 * x = x_mean + G_i z; with probabilityFlow, x − (f_i − ½G_i² s) and no noise.
 */
public final class ReverseDiffusionPredictor implements Predictor {
    private final ReverseSde rsde;

    public ReverseDiffusionPredictor(Sde sde, ScoreFn score, boolean probabilityFlow) {
        this.rsde = sde.reverse(score, probabilityFlow);
    }

    @Override
    public Update update(INDArray x, INDArray t, Rng rng) {
        Discretization d = rsde.discretize(x, t);
        INDArray xMean = x.sub(d.f());
        if (rsde.probabilityFlow()) return new Update(xMean, xMean);
        INDArray z = rng.gaussian(x.dataType(), x.shape());
        return new Update(xMean.add(PerSample.scale(z, PerSample.toDoubles(d.g()))), xMean);
    }
}
