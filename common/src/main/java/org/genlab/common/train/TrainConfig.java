package org.genlab.common.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.UsageException;
import org.genlab.common.config.Config;

/**
 * The training keys every model shares, with their defaults and validation. Models add their own sections to
 * {@link #defaults()} and may override these defaults (e.g. a paper's learning rate).
 */
public record TrainConfig(String optimizer, double lr, double beta1, double beta2, double eps, double weightDecay,
                          double momentum, double rmsAlpha, String schedule, long warmup, double minLr, long decayEvery,
                          double decayFactor, double clip, int accum, double ema, boolean emaWarmup,
                          long steps, int batch, long checkpointEvery, int keepCheckpoints, long logEvery,
                          long previewEvery) {

    public static final String[] OPTIMIZERS = {"adam", "adamw", "rmsprop", "sgd"};

    /** Top-level keys (model, data, seed, steps, batch) and the "train" section. */
    public static ObjectNode defaults() {
        ObjectNode root = Config.object();
        root.put("model", "");
        root.put("data", "");
        root.put("seed", 0);
        root.put("steps", 1000);
        root.put("batch", 128);
        root.put("dtype", "float");
        ObjectNode t = root.putObject("train");
        t.put("optimizer", "adam");
        t.put("lr", 1e-3);
        t.put("beta1", 0.9);
        t.put("beta2", 0.999);
        t.put("eps", 1e-8);
        t.put("weight_decay", 0.0);
        t.put("momentum", 0.0);
        t.put("rms_alpha", 0.99);
        t.put("schedule", "constant");
        t.put("warmup", 0);
        t.put("min_lr", 0.0);
        t.put("decay_every", 0);
        t.put("decay_factor", 0.5);
        t.put("clip", 0.0);
        t.put("accum", 1);
        t.put("ema", 0.0);
        t.put("ema_warmup", false);
        t.put("checkpoint_every", 500);
        t.put("keep_checkpoints", 3);
        t.put("log_every", 10);
        t.put("preview_every", 0);
        return root;
    }

    public static TrainConfig from(Config c) {
        TrainConfig tc = new TrainConfig(
                c.getChoice("train.optimizer", OPTIMIZERS), c.getDouble("train.lr"), c.getDouble("train.beta1"),
                c.getDouble("train.beta2"), c.getDouble("train.eps"), c.getDouble("train.weight_decay"),
                c.getDouble("train.momentum"), c.getDouble("train.rms_alpha"),
                c.getChoice("train.schedule", LrSchedule.KINDS), c.getLong("train.warmup"), c.getDouble("train.min_lr"),
                c.getLong("train.decay_every"), c.getDouble("train.decay_factor"), c.getDouble("train.clip"),
                c.getInt("train.accum"), c.getDouble("train.ema"), c.getBool("train.ema_warmup"),
                c.getLong("steps"), c.getInt("batch"), c.getLong("train.checkpoint_every"),
                c.getInt("train.keep_checkpoints"), c.getLong("train.log_every"), c.getLong("train.preview_every"));
        tc.validate();
        return tc;
    }

    private void validate() {
        positive("train.lr", lr);
        if (!(beta1 >= 0 && beta1 < 1)) throw new UsageException("train.beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new UsageException("train.beta2 must be in [0, 1), got " + beta2);
        positive("train.eps", eps);
        if (clip < 0) throw new UsageException("train.clip must be >= 0 (0 disables clipping), got " + clip);
        if (accum < 1) throw new UsageException("train.accum must be >= 1, got " + accum);
        if (!(ema == 0 || (ema > 0 && ema < 1))) throw new UsageException("train.ema must be 0 (off) or in (0, 1), got " + ema);
        if (steps < 1) throw new UsageException("steps must be >= 1, got " + steps);
        if (batch < 1) throw new UsageException("batch must be >= 1, got " + batch);
        if (checkpointEvery < 1) throw new UsageException("train.checkpoint_every must be >= 1, got " + checkpointEvery);
        if (keepCheckpoints < 1) throw new UsageException("train.keep_checkpoints must be >= 1, got " + keepCheckpoints);
        if (logEvery < 1) throw new UsageException("train.log_every must be >= 1, got " + logEvery);
    }

    private static void positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new UsageException(key + " must be a positive number, got " + v);
    }

    /** A new optimiser whose state is saved under {@code key}. */
    public Optimizer newOptimizer(String key) {
        return switch (optimizer) {
            case "adam" -> new Adam(key, beta1, beta2, eps, 0.0);
            case "adamw" -> new Adam(key, beta1, beta2, eps, weightDecay);
            case "rmsprop" -> new RmsProp(key, rmsAlpha, eps);
            case "sgd" -> new Sgd(key, momentum, weightDecay);
            default -> throw new IllegalStateException(optimizer);
        };
    }

    public LrSchedule newSchedule() {
        return new LrSchedule(schedule, lr, warmup, steps, minLr, decayEvery, decayFactor);
    }
}
