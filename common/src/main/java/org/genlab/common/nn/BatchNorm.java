package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation of {@code [n, c]} or {@code [n, c, h, w]} inputs, built from primitives because SameDiff's
 * batchNorm backprop fails in M2.1 (DL4J_NOTES). Statistics are per channel over the batch (and spatial positions).
 *
 * <p>Train/eval switch: with t the graph's 0/1 {@link ModelGraph#training()} flag,
 * {@code mean = t·batchMean + (1−t)·runningMean} and likewise for the variance, so one graph serves both modes.
 * Running statistics are non-trainable buffers "running_mean" (init 0) and "running_var" (init 1), updated after
 * each training step through {@link Scope#runningAverage}: {@code running ← m·running + (1−m)·batch}, where m is
 * {@link Options#momentum()} (0.9 ≙ PyTorch's momentum=0.1) and the batch variance fed to the running average is
 * the unbiased one (PyTorch's convention; the normalisation itself uses the biased one). Every {@link #apply} call
 * registers its own update, as every forward pass in PyTorch's training mode would.
 *
 * <p>Affine modes: trainable γ and β (default); a fixed constant γ with trainable β (BN-VAE, MATH.md §2.2: γ is a
 * hyperparameter, β starts at 0); or none (Su's variant, §2.3, scales afterwards itself).
 */
public final class BatchNorm implements Module {
    /** Which affine parameters follow the normalisation. */
    public enum Affine { TRAINABLE, FIXED_GAMMA, NONE }

    /** Options; defaults: trainable affine, eps 1e-5, momentum 0.9. */
    public record Options(Affine affine, double fixedGamma, double eps, double momentum) {
        public static Options defaults() {
            return new Options(Affine.TRAINABLE, 1.0, 1e-5, 0.9);
        }

        /** γ fixed to {@code gamma} (not trainable), β trainable from 0. */
        public Options withFixedGamma(double gamma) {
            return new Options(Affine.FIXED_GAMMA, gamma, eps, momentum);
        }

        public Options withoutAffine() {
            return new Options(Affine.NONE, fixedGamma, eps, momentum);
        }

        public Options withEps(double v) {
            return new Options(affine, fixedGamma, v, momentum);
        }

        public Options withMomentum(double v) {
            if (!(v >= 0 && v < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + v);
            return new Options(affine, fixedGamma, eps, v);
        }
    }

    private final Scope scope;
    private final long channels;
    private final Options options;
    private final SDVariable gamma;
    private final SDVariable beta;
    private final SDVariable runningMean;
    private final SDVariable runningVar;
    private int applications;

    public BatchNorm(Scope scope, long channels) {
        this(scope, channels, Options.defaults());
    }

    public BatchNorm(Scope scope, long channels, Options options) {
        this.scope = scope;
        this.channels = channels;
        this.options = options;
        this.gamma = options.affine() == Affine.TRAINABLE ? scope.param("gamma", Init.constant(1.0), channels, channels, channels) : null;
        this.beta = options.affine() != Affine.NONE ? scope.param("beta", Init.zeros(), channels, channels, channels) : null;
        this.runningMean = scope.buffer("running_mean", Nd4j.zeros(scope.dtype(), channels));
        this.runningVar = scope.buffer("running_var", Nd4j.ones(scope.dtype(), channels));
    }

    @Override
    public SDVariable apply(SDVariable x) {
        SameDiff sd = x.getSameDiff();
        SDVariable t = scope.training();
        SDVariable notT = t.rsub(1.0);
        SDVariable x3 = Shapes.keepBatch(sd, x, channels, -1); // [n, c, positions]
        SDVariable batchMean = x3.mean(true, 0, 2);
        SDVariable dev = x3.sub(batchMean);
        SDVariable batchVar = dev.mul(dev).mean(true, 0, 2);
        SDVariable mean = batchMean.mul(t).add(sd.reshape(runningMean, 1, channels, 1).mul(notT));
        SDVariable var = batchVar.mul(t).add(sd.reshape(runningVar, 1, channels, 1).mul(notT));
        SDVariable y = x3.sub(mean).div(sd.math().sqrt(var.add(options.eps())));
        switch (options.affine()) {
            case TRAINABLE -> y = y.mul(sd.reshape(gamma, 1, channels, 1)).add(sd.reshape(beta, 1, channels, 1));
            case FIXED_GAMMA -> y = y.mul(options.fixedGamma()).add(sd.reshape(beta, 1, channels, 1));
            case NONE -> { }
        }
        String suffix = applications == 0 ? "" : "_" + applications;
        applications++;
        SDVariable statMean = sd.reshape(batchMean, channels).rename(scope.name("batch_mean" + suffix));
        SDVariable statVar = sd.variance(x3, true, 0, 2).rename(scope.name("batch_var_unbiased" + suffix));
        scope.runningAverage(runningMean, statMean, options.momentum());
        scope.runningAverage(runningVar, statVar, options.momentum());
        return sd.reshape(y, sd.shape(x));
    }

    public Options options() {
        return options;
    }

    public SDVariable runningMean() {
        return runningMean;
    }

    public SDVariable runningVar() {
        return runningVar;
    }
}
