package org.genlab.diffusion.model;

import org.genlab.common.data.Toy2d;
import org.genlab.common.random.Rng;
import org.genlab.common.viz.ImageGrid;
import org.genlab.common.viz.PixelRange;
import org.genlab.common.viz.ScatterPlot;
import org.genlab.diffusion.sde.PerSample;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pictures {@code genlab sample} writes: a scatter plot over real points for 2-D toys (with mode-coverage numbers
 * for the Gaussian-mixture toys), a PNG grid for images; round trips and inpainting as rows of inputs and outputs.
 */
final class SamplePictures {
    private static final int REFERENCE_POINTS = 2000;
    private final TrainingData data;

    SamplePictures(TrainingData data) {
        this.data = data;
    }

    /** Writes the samples; returns metrics the picture shows (mode coverage for 8/25 Gaussians). */
    Map<String, Double> samples(INDArray x, String title, Rng rng, Path out) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (data instanceof ToyData toy) {
            INDArray ref = data.reference(REFERENCE_POINTS, new Rng(rng.nextLong()));
            scatter(x, ref, "samples", title).writePng(out);
            String name = toy.toy().name();
            if (name.equals(Toy2d.GAUSSIANS_8) || name.equals(Toy2d.GAUSSIANS_25)) {
                ToyMetrics.Coverage c = ToyMetrics.coverage(ToyMetrics.rows(PerSample.toDoubles(x), 2), Toy2d.modeCentres(name), Toy2d.modeStd(name));
                m.put("modes_hit", (double) c.modesHit());
                m.put("within_3sd", c.within3sd());
            }
        } else {
            ImageData img = (ImageData) data;
            grid(img.toUnit(x), columns(x)).writePng(out);
        }
        return m;
    }

    void roundTrip(INDArray x, INDArray back, Path out) {
        if (data instanceof ToyData) {
            scatter(back, x, "decoded", "PF-ODE round trip: data -> latent -> data").names("decoded", "data").writePng(out);
            return;
        }
        ImageData img = (ImageData) data;
        int cols = columns(x);
        grid(interleave(cols, img.toUnit(x), img.toUnit(back)), cols).writePng(out);
    }

    /** Rows of (originals, masked input with unknown pixels grey, completions), {@code cols} images per row. */
    void inpainting(INDArray x, INDArray mask, INDArray completed, Path out) {
        ImageData img = (ImageData) data;
        INDArray unit = img.toUnit(x);
        INDArray masked = unit.mul(mask).addi(mask.rsub(1.0).muli(0.5));
        int cols = columns(x);
        grid(interleave(cols, unit, masked, img.toUnit(completed)), cols).writePng(out);
    }

    private static int columns(INDArray x) {
        long n = x.size(0);
        return (int) Math.max(1, Math.min(n, n <= 16 ? n : Math.ceil(Math.sqrt(n))));
    }

    private ScatterPlot scatter(INDArray pts, INDArray ref, String name, String title) {
        double[] r = PerSample.toDoubles(ref);
        double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY, ymin = xmin, ymax = xmax;
        for (int i = 0; i < r.length; i += 2) {
            xmin = Math.min(xmin, r[i]);
            xmax = Math.max(xmax, r[i]);
            ymin = Math.min(ymin, r[i + 1]);
            ymax = Math.max(ymax, r[i + 1]);
        }
        double mx = 0.25 * (xmax - xmin) + 0.1, my = 0.25 * (ymax - ymin) + 0.1;
        return ScatterPlot.of(pts.castTo(DataType.DOUBLE)).reference(ref.castTo(DataType.DOUBLE)).names(name, "data")
                .title(title).range(xmin - mx, xmax + mx, ymin - my, ymax + my);
    }

    private static ImageGrid grid(INDArray unit, int cols) {
        return ImageGrid.of(unit.castTo(DataType.FLOAT)).range(PixelRange.ZERO_ONE).columns(cols);
    }

    /** Chunks of {@code cols} images of each array in turn: a row of originals, then a row of outputs, ... */
    private static INDArray interleave(int cols, INDArray... arrays) {
        long n = arrays[0].size(0);
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < n; from += cols) {
            long to = Math.min(n, from + cols);
            for (INDArray a : arrays) {
                INDArray chunk = a.get(NDArrayIndex.interval(from, to)).dup();
                parts.add(chunk);
                // pad a short last row so the rows stay aligned
                if (to - from < cols) {
                    long[] s = chunk.shape().clone();
                    s[0] = cols - (to - from);
                    parts.add(Nd4j.zeros(chunk.dataType(), s).addi(0.5));
                }
            }
        }
        return Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }
}
