package org.genlab.diffusion.sampling;

import org.genlab.common.random.Rng;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.ReverseSde;
import org.genlab.diffusion.sde.Sde;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Euler–Maruyama on the reverse SDE with score_sde's step Δt = −1/N (MATH.md §4.5):
 * x_mean = x + [f − g²s]Δt, x = x_mean + g√|Δt|·z. With probabilityFlow it is an Euler step of the PF-ODE
 * (drift f − ½g²s, no noise).
 */
public final class EulerMaruyamaPredictor implements Predictor {
    private final ReverseSde rsde;
    private final double dt;

    public EulerMaruyamaPredictor(Sde sde, ScoreFn score, boolean probabilityFlow) {
        this.rsde = sde.reverse(score, probabilityFlow);
        this.dt = -1.0 / sde.N();
    }

    @Override
    public Update update(INDArray x, INDArray t, Rng rng) {
        INDArray xMean = x.add(rsde.drift(x, t).muli(dt));
        if (rsde.probabilityFlow()) return new Update(xMean, xMean);
        double[] g = PerSample.toDoubles(rsde.diffusion(t));
        double[] scale = new double[PerSample.batch(x)];
        for (int i = 0; i < scale.length; i++) scale[i] = g[g.length == 1 ? 0 : i] * Math.sqrt(-dt);
        INDArray z = rng.gaussian(x.dataType(), x.shape());
        return new Update(xMean.add(PerSample.scale(z, scale)), xMean);
    }
}
