package org.genlab.diffusion.nn;

import org.genlab.common.UsageException;
import org.genlab.common.backend.HostArrays;
import org.genlab.common.nn.GaussianFourierEmbedding;
import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Linear;
import org.genlab.common.nn.Scope;
import org.genlab.common.nn.SinusoidalEmbedding;
import org.genlab.diffusion.sde.Sde;
import org.genlab.diffusion.sde.VeSde;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Locale;
import java.util.Map;

/**
 * The time input of a score network: t ↦ c(t) = a·t + b ↦ features [sin(c·ω), cos(c·ω)] ↦ SiLU(Linear) = temb
 * [n, E]. The pairing follows score_sde (MATH.md §4.4): VE networks see Gaussian-Fourier features (ω = 2πW,
 * W ~ N(0, scale²)) of log σ(t) (NCSN++, scale 16), VP and sub-VP networks sinusoidal (transformer) features of 999·t
 * (DDPM++). The other two combinations feed the Fourier features t itself (as Song's MNIST tutorial does) and the
 * sinusoidal features 999·t.
 * <p>
 * The features carry no trainable parameter and no gradient flows into t, so they are computed in Java (double
 * precision) and fed through a placeholder by {@link #feeds}: ND4J's sin/cos of arguments in the hundreds cost about
 * 1 µs each (measured: 8 ms for 128 × 64 values), which made them the most expensive part of a toy model's step.
 * The Fourier matrix W stays a graph buffer, so it is checkpointed and copied with the weights.
 */
public final class TimeConditioning {
    /** Which features of c(t) the network sees. */
    public enum Kind {
        FOURIER, SINUSOIDAL;

        /** "fourier", "sinusoidal" or "auto" (Fourier for VE, sinusoidal otherwise). */
        public static Kind parse(String name, Sde sde) {
            String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
            return switch (n) {
                case "auto" -> sde instanceof VeSde ? FOURIER : SINUSOIDAL;
                case "fourier" -> FOURIER;
                case "sinusoidal" -> SINUSOIDAL;
                default -> throw new UsageException("unknown time embedding '" + name + "'; use auto, fourier or sinusoidal");
            };
        }
    }

    /** DDPM's time scale: the discrete step index of N = 1000 (score_sde feeds 999·t to VP networks). */
    public static final double DDPM_TIME_SCALE = 999.0;

    private final Scope scope;
    private final Kind kind;
    private final int embedDim;
    private final double scale;
    private final double shift;
    private final double[] sinusoidFreqs;
    private final String fourierW;
    private final SDVariable features;
    private final Linear dense;

    public TimeConditioning(Scope scope, Sde sde, Kind kind, int embedDim, double fourierScale) {
        if (embedDim <= 0 || embedDim % 2 != 0) throw new UsageException("net.embed_dim must be a positive even number, got " + embedDim);
        this.scope = scope;
        this.kind = kind;
        this.embedDim = embedDim;
        if (kind == Kind.FOURIER) {
            if (!(fourierScale > 0)) throw new UsageException("net.fourier_scale must be positive, got " + fourierScale);
            if (sde instanceof VeSde ve) {
                // log σ(t) = log σ_min + t·log(σ_max/σ_min)
                scale = Math.log(ve.sigmaMax() / ve.sigmaMin());
                shift = Math.log(ve.sigmaMin());
            } else {
                scale = 1.0;
                shift = 0.0;
            }
            fourierW = new GaussianFourierEmbedding(scope.child("fourier"), embedDim, fourierScale).weights().name();
            sinusoidFreqs = null;
        } else {
            scale = DDPM_TIME_SCALE;
            shift = 0.0;
            SinusoidalEmbedding emb = new SinusoidalEmbedding(embedDim);
            sinusoidFreqs = new double[embedDim / 2];
            for (int i = 0; i < sinusoidFreqs.length; i++) sinusoidFreqs[i] = emb.frequency(i);
            fourierW = null;
        }
        features = scope.sd().placeHolder(scope.name("features"), scope.dtype(), -1, embedDim);
        dense = new Linear(scope.child("dense"), embedDim, embedDim);
    }

    /** temb [n, E] (from the features placeholder, which {@link #feeds} fills). */
    public SDVariable apply() {
        return dense.apply(features, Activation.SILU);
    }

    /** The conditioning value c(t) = a·t + b the features are computed from. */
    public double conditioningValue(double t) {
        return scale * t + shift;
    }

    /** The features placeholder's value for times t: [sin(c ω_j)…, cos(c ω_j)…] per row. */
    public INDArray features(double[] t) {
        return features(t, false);
    }

    /**
     * As {@link #features(double[])}; with {@code oneRowWhenShared}, a single row when every sample has the same time
     * (what samplers pass), for a network in which every use of temb broadcasts over the batch. The time path then
     * runs on one row instead of n: for the toy MLP at 1000 points, 4 of the 8 matrix products of an evaluation.
     */
    public INDArray features(double[] t, boolean oneRowWhenShared) {
        double[] w = sinusoidFreqs;
        if (w == null) {
            double[] raw = scope.graph().array(fourierW).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            w = new double[raw.length];
            for (int j = 0; j < raw.length; j++) w[j] = 2 * Math.PI * raw[j];
        }
        // Samplers ask for one time for the whole batch: compute that row once. For 1000 points that saves 64,000
        // sin/cos pairs per NFE.
        boolean oneTime = t.length > 1;
        for (int i = 1; i < t.length && oneTime; i++) oneTime = t[i] == t[0];
        int rows = oneTime ? 1 : t.length, half = embedDim / 2;
        double[] f = new double[rows * embedDim];
        for (int i = 0; i < rows; i++) {
            double c = conditioningValue(t[i]);
            for (int j = 0; j < half; j++) {
                double a = c * w[j];
                f[i * embedDim + j] = Math.sin(a);
                f[i * embedDim + half + j] = Math.cos(a);
            }
        }
        return HostArrays.tiledRows(f, oneTime && oneRowWhenShared ? 1 : t.length, scope.dtype(), embedDim);
    }

    /** Placeholder values for times t; {@code oneRowWhenShared} as in {@link #features(double[], boolean)}. */
    public Map<String, INDArray> feeds(double[] t, boolean oneRowWhenShared) {
        return Map.of(features.name(), features(t, oneRowWhenShared));
    }

    public Kind kind() {
        return kind;
    }
}
