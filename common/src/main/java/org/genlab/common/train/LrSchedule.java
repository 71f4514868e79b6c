package org.genlab.common.train;

/**
 * Learning rate as a function of the step: linear warm-up over {@code warmup} steps (score_sde's
 * lr·min(step/warmup, 1)), then constant, cosine decay to {@code minLr} at {@code totalSteps}, step decay
 * (×factor every {@code every} steps) or exponential decay (×factor per {@code every} steps, smoothly).
 */
public record LrSchedule(String kind, double lr, long warmup, long totalSteps, double minLr, long every, double factor) {
    public static final String[] KINDS = {"constant", "cosine", "step", "exp"};

    public static LrSchedule constant(double lr) {
        return new LrSchedule("constant", lr, 0, 1, 0, 0, 1);
    }

    /** Learning rate for the update made at (0-based) step {@code step}. */
    public double at(long step) {
        double warm = warmup > 0 ? Math.min(1.0, (step + 1) / (double) warmup) : 1.0;
        long s = Math.max(0, step - warmup);
        double base = switch (kind) {
            case "constant" -> lr;
            case "cosine" -> {
                long span = Math.max(1, totalSteps - warmup);
                double frac = Math.min(1.0, s / (double) span);
                yield minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * frac));
            }
            case "step" -> lr * Math.pow(factor, every > 0 ? s / every : 0);
            case "exp" -> lr * Math.pow(factor, every > 0 ? s / (double) every : 0);
            default -> throw new IllegalStateException("unknown schedule " + kind);
        };
        return base * warm;
    }
}
