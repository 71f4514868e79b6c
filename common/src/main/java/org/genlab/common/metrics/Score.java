package org.genlab.common.metrics;

import java.util.Locale;

/**
 * A sample-quality score with what is needed to read it: the metric ("FID", "KID"), its value, the noise floor (the
 * same score between {@code n} real train images and the reference test split: a model cannot be told apart from
 * the data below it) and the number {@code n} of generated samples it was computed from.
 */
public record Score(String metric, double value, double noiseFloor, int n) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s (n=%d; train-vs-test floor %s)", metric, fmt(value), n, fmt(noiseFloor));
    }

    /** 3 significant digits, or scientific notation for tiny and huge values (KID is often ~1e-3). */
    static String fmt(double v) {
        double a = Math.abs(v);
        if (v == 0 || (a >= 0.01 && a < 1e5)) return String.format(Locale.ROOT, a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
