package org.genlab.diffusion;

import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.Sde;
import org.genlab.diffusion.sde.SubVpSde;
import org.genlab.diffusion.sde.VeSde;
import org.genlab.diffusion.sde.VpSde;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shared test fixtures: the §9.3 data variance and sample statistics. */
public final class Oracles {
    /** MATH.md §9.3: data ~ N(0, 0.25·I₂). */
    public static final double DATA_VAR = 0.25;

    private Oracles() {
    }

    public static Sde sde(String name, int n) {
        return switch (name) {
            case "vp" -> new VpSde(0.1, 20, n);
            case "subvp" -> new SubVpSde(0.1, 20, n);
            case "ve" -> new VeSde(0.01, 50, n);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Per-dimension unbiased sample variance, averaged over dimensions. */
    public static double variance(INDArray x) {
        int n = PerSample.batch(x);
        int d = (int) PerSample.dims(x);
        double[] v = PerSample.toDoubles(x);
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += v[i * d + j];
            mean /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) ss += (v[i * d + j] - mean) * (v[i * d + j] - mean);
            total += ss / (n - 1);
        }
        return total / d;
    }

    /**
     * Standard error of {@link #variance} for Gaussian samples: each per-dimension variance has std var·√(2/(n−1));
     * averaging D independent dimensions divides it by √D.
     */
    public static double varianceSe(double var, int n, int d) {
        return var * Math.sqrt(2.0 / (n - 1)) / Math.sqrt(d);
    }
}
