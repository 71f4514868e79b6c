package org.genlab.diffusion.nn;

import org.genlab.common.UsageException;
import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Linear;
import org.genlab.common.nn.Scope;
import org.genlab.diffusion.loss.ScoreNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Score network for low-dimensional data [n, d] (2-D toys; MATH.md §7, "Score SDE 2-D toy"): hidden layers
 * h_{l+1} = SiLU(W_l h_l + U_l temb + b_l) of the given widths (default 3 × 128), with the time embedding added to
 * every layer so that each one can switch behaviour between noise levels, then a linear output of size d. Its output
 * is read as ε (s = −out/σ_t, see {@link NetworkScore}).
 * <p>
 * Layers are common.nn.Linear (mmul + add), not SameDiff's fused xw_plus_b (nn().linear): with the -onednn native
 * build the fused op returned float outputs 78 % off the double ones inside the sampling graph while training looked
 * normal, so every float sampler failed (NetworkScoreTest.floatScoreMatchesDouble pins it). SiLU is x·sigmoid(x):
 * the built-in swish op's backprop is NaN for inputs of about 50 and above in M2.1 (SwishBackpropPitfallTest).
 */
public final class ScoreMlp implements ScoreNetwork {
    private final TimeConditioning time;
    private final List<Linear> layers = new ArrayList<>();
    private final List<Linear> timeLayers = new ArrayList<>();
    private final Linear out;

    public ScoreMlp(Scope scope, TimeConditioning time, long dim, long[] hidden, long embedDim) {
        if (hidden.length == 0) throw new UsageException("net.hidden must list at least one layer width");
        this.time = time;
        long prev = dim;
        for (int l = 0; l < hidden.length; l++) {
            if (hidden[l] <= 0) throw new UsageException("net.hidden widths must be positive, got " + hidden[l]);
            layers.add(new Linear(scope.child("fc" + l), prev, hidden[l]));
            timeLayers.add(new Linear(scope.child("temb" + l), embedDim, hidden[l], false));
            prev = hidden[l];
        }
        out = new Linear(scope.child("out"), prev, dim);
    }

    @Override
    public SDVariable apply(SDVariable x, SDVariable t) {
        SDVariable temb = time.apply();
        SDVariable h = x;
        for (int l = 0; l < layers.size(); l++) {
            h = layers.get(l).apply(h, timeLayers.get(l).apply(temb), Activation.SILU);
        }
        return out.apply(h);
    }

    /** temb enters only through the sums W h + U temb + b, which broadcast: a shared time is fed as one row. */
    @Override
    public Map<String, INDArray> feeds(double[] t) {
        return time.feeds(t, true);
    }
}
