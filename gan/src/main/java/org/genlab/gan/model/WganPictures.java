package org.genlab.gan.model;

import org.genlab.common.viz.ImageGrid;
import org.genlab.common.viz.PixelRange;
import org.genlab.common.viz.ScalarField;
import org.genlab.common.viz.ScatterPlot;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.function.Function;

/** Sample pictures: a scatter plot over the critic's heat map for 2-D data, an image grid for images. */
final class WganPictures {
    private WganPictures() {
    }

    /**
     * Samples (red) and real points (dark) over D(x) on a grid. The square range covers the real data with a margin
     * (at least ±2), so a diverged generator shows as points leaving the frame instead of a rescaled plot.
     */
    static void toy(INDArray samples, INDArray real, Function<double[][], double[]> critic, String title, int resolution,
                    Path out) {
        double r = 2.0;
        for (double v : real.reshape(-1).toDoubleVector()) r = Math.max(r, 1.25 * Math.abs(v));
        ScatterPlot p = ScatterPlot.of(samples).reference(real).names("generated", "real").title(title).range(-r, r, -r, r);
        if (critic != null) p.field(ScalarField.sampleBatch(critic, -r, r, -r, r, resolution), "critic D(x)");
        p.writePng(out);
    }

    static void images(INDArray samples, int height, int width, Path out) {
        int cols = (int) Math.ceil(Math.sqrt(samples.size(0)));
        ImageGrid.ofFlat(samples, height, width).range(PixelRange.ZERO_ONE).columns(cols).writePng(out);
    }
}
