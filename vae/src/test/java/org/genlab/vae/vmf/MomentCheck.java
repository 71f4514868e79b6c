package org.genlab.vae.vmf;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mean of draws against an exact value within k standard errors. */
final class MomentCheck {
    private double sum, sumSq;
    private long n;

    void add(double v) {
        sum += v;
        sumSq += v * v;
        n++;
    }

    double mean() {
        return sum / n;
    }

    double standardError() {
        double m = mean();
        return Math.sqrt(Math.max(sumSq / n - m * m, 0) / n);
    }

    /** |mean − expected| in standard errors. */
    double zScore(double expected) {
        return Math.abs(mean() - expected) / Math.max(standardError(), 1e-300);
    }

    void assertMean(double expected, double k, String what) {
        double z = zScore(expected);
        assertTrue(z < k, what + ": mean " + mean() + " vs exact " + expected + " is " + z + " standard errors ("
                + standardError() + ") away");
    }
}
