package org.genlab.diffusion.model;

import org.genlab.common.metrics.ToyModes;

/**
 * The diffusion model's view of the shared toy metrics ({@link ToyModes}, tested there): mode coverage by the 3σ
 * rule and the single-Gaussian NLL baseline.
 */
public final class ToyMetrics {
    private ToyMetrics() {
    }

    /**
     * @param shares    fraction of all samples that lie within 3σ of each mode
     * @param within3sd fraction of samples within 3σ of some mode
     * @param modesHit  modes holding at least a quarter of their fair share 1/K of the samples
     */
    public record Coverage(double[] shares, double within3sd, int modesHit) {
    }

    public static Coverage coverage(double[][] points, double[][] centres, double std) {
        ToyModes.Coverage c = ToyModes.coverage(points, centres, std);
        return new Coverage(c.shares(), c.hqShare(), c.modesHit());
    }

    public static double gaussianNll(double[][] points) {
        return ToyModes.gaussianNll(points);
    }

    static double[][] rows(double[] flat, int dim) {
        return ToyModes.rows(flat, dim);
    }
}
