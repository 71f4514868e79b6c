package org.genlab.gan.nn;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.nn.Scope;
import org.genlab.common.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A WGAN critic D: R^d → R (no sigmoid; it scores real samples high, MATH.md §5, §10.9) that can also write its
 * own input gradient ∇ₓD as a forward graph, because SameDiff cannot differentiate through {@code sd.grad}
 * (MATH.md §8.1, DL4J_NOTES). For D = w_Lᵀ a(… a(W₁x + b₁) …):
 * <pre>∇ₓD = W₁ᵀ (a′(h₁) ⊙ W₂ᵀ (a′(h₂) ⊙ … w_L))</pre>
 * with transposed matrices for dense layers and deconvolutions for convolutions ({@link ConvStage}). First-order
 * autodiff of any penalty built on this expression then gives the exact penalty gradient with respect to every
 * critic weight.
 *
 * <p>Inputs are flat rows [n, d]; an image critic reshapes them to [n, c, h, w] itself, runs its convolutions,
 * flattens, then its dense layers. The output layer has no bias: every WGAN critic loss is invariant to a constant
 * shift of D, so that bias would never receive a gradient. There is no batch norm (it would couple the samples of a
 * batch and break per-sample gradient penalties, MATH.md §5.2).
 */
public final class Critic {
    /** One convolution of an image critic. */
    public record Conv(long channels, int kernel, int stride, int padding) {
    }

    /**
     * @param image     per-sample image shape {c, h, w}, or null for a plain MLP on [n, inputDim]
     * @param inputDim  d, the length of a flat input row (c·h·w for images)
     * @param convs     convolutions (empty for an MLP), each followed by the activation
     * @param hidden    widths of the dense hidden layers, each followed by the activation
     * @param spectral  spectral normalisation of every weight (MATH.md §5.4)
     */
    public record Spec(long[] image, long inputDim, List<Conv> convs, long[] hidden, CriticActivation activation,
                       Init init, boolean spectral) {
        public static Spec mlp(long inputDim, long[] hidden, CriticActivation activation, Init init, boolean spectral) {
            return new Spec(null, inputDim, List.of(), hidden, activation, init, spectral);
        }
    }

    /**
     * One application of the critic: its input, the scores [n, 1], and per stage the point a′ is evaluated at (null
     * where no activation follows): the pre-activation z, or for ReLU its output, since 1[z &gt; 0] = 1[relu(z) &gt; 0].
     */
    public record Pass(SDVariable input, SDVariable score, List<SDVariable> slopePoints) {
    }

    private final List<CriticStage> stages = new ArrayList<>();
    private final CriticActivation activation;
    private final String scopeName;
    private final long inputDim;

    /** @param snRng draws the initial power-iteration vectors when the spec asks for spectral normalisation */
    public Critic(Scope scope, Spec spec, Rng snRng) {
        this.activation = spec.activation();
        this.scopeName = scope.prefix();
        this.inputDim = spec.inputDim();
        Rng sn = spec.spectral() ? snRng : null;
        if (spec.spectral() && snRng == null) throw new IllegalArgumentException("spectral normalisation needs an Rng");
        long width = spec.inputDim();
        if (spec.image() != null) {
            long[] img = spec.image();
            if (img.length != 3 || img[0] * img[1] * img[2] != spec.inputDim()) {
                throw new IllegalArgumentException("image shape must be {c, h, w} with c·h·w = " + spec.inputDim());
            }
            stages.add(new ReshapeStage(new long[]{width}, img));
            long c = img[0], h = img[1], w = img[2];
            for (int i = 0; i < spec.convs().size(); i++) {
                Conv cv = spec.convs().get(i);
                ConvStage st = new ConvStage(scope.child("conv" + i), c, cv.channels(), h, w, cv.kernel(), cv.stride(),
                        cv.padding(), true, spec.init(), sn);
                stages.add(st);
                c = cv.channels();
                h = st.outH();
                w = st.outW();
            }
            width = c * h * w;
            stages.add(new ReshapeStage(new long[]{c, h, w}, new long[]{width}));
        } else if (!spec.convs().isEmpty()) {
            throw new IllegalArgumentException("convolutions need an image shape");
        }
        for (int i = 0; i < spec.hidden().length; i++) {
            stages.add(new DenseStage(scope.child("fc" + i), width, spec.hidden()[i], true, spec.init(), sn));
            width = spec.hidden()[i];
        }
        stages.add(new DenseStage(scope.child("out"), width, 1, false, spec.init(), sn));
    }

    /** D(x) for x of shape [n, inputDim], keeping what {@link #inputGradient} needs. */
    public Pass forward(SDVariable x) {
        List<SDVariable> pre = new ArrayList<>();
        SDVariable h = x;
        int last = stages.size() - 1;
        for (int i = 0; i <= last; i++) {
            CriticStage s = stages.get(i);
            boolean activated = s.linear() && i < last;
            if (activated && activation.kind() == Activation.RELU && s instanceof DenseStage d) {
                // relu(x·W + b) with the bias inside the ReLU kernel (float graphs), and its mask from the output
                h = d.applyRelu(h);
                pre.add(h);
                continue;
            }
            SDVariable z = s.apply(h);
            pre.add(activated ? z : null);
            h = activated ? activation.apply(z) : z;
        }
        return new Pass(x, h, Collections.unmodifiableList(pre));
    }

    public SDVariable score(SDVariable x) {
        return forward(x).score();
    }

    /**
     * ∇ₓD at every row of the pass's input, shape [n, inputDim], as a forward expression of the critic weights
     * (row i is the gradient of D(x_i), since D acts on each row separately).
     */
    public SDVariable inputGradient(Pass pass) {
        int last = stages.size() - 1;
        // The seed 1 of the score's shape, from its shape only: onesLike(score) would tie it to the score's values,
        // and SameDiff then backpropagated zeros through the whole pass (4 matmul_bp, ~15 % of a toy critic step).
        SDVariable score = pass.score();
        SameDiff sd = score.getSameDiff();
        SDVariable g = stages.get(last).adjoint(sd.fill(sd.shape(score), score.dataType(), 1.0));
        for (int i = last - 1; i >= 0; i--) {
            SDVariable z = pass.slopePoints().get(i);
            if (z != null) {
                SDVariable d = activation.derivative(z);
                if (d != null) g = g.mul(d);
            }
            g = stages.get(i).adjoint(g);
        }
        return g;
    }

    /** Spectral normalisations of all layers (empty without). */
    public List<SpectralNorm> spectralNorms() {
        List<SpectralNorm> out = new ArrayList<>();
        for (CriticStage s : stages) if (s.spectralNorm() != null) out.add(s.spectralNorm());
        return out;
    }

    /** One (or more) power-iteration steps for every spectrally normalised layer (call before each critic step). */
    public void powerIteration(ModelGraph g, int iterations) {
        for (SpectralNorm s : spectralNorms()) s.powerIteration(g, iterations);
    }

    public String scopeName() {
        return scopeName;
    }

    public long inputDim() {
        return inputDim;
    }

    public CriticActivation activation() {
        return activation;
    }
}
