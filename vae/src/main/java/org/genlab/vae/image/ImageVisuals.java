package org.genlab.vae.image;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.genlab.common.UsageException;
import org.genlab.common.data.ImageDataset;
import org.genlab.common.random.Rng;
import org.genlab.common.viz.ImageGrid;
import org.genlab.vae.model.Interpolation;
import org.genlab.vae.posterior.LatentBatch;
import org.genlab.vae.posterior.VmfLatents;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;

/**
 * Pictures of an image VAE: decoder means for prior draws, test images above their reconstructions, latent
 * interpolations between test images (straight lines for Gaussian latents, great circles for vMF), and for a 2-D
 * latent manifold the decoded grid (Gaussian: Φ⁻¹ of an even grid in (0.05, 0.95)²; vMF on S²: an equal-area grid
 * of longitude × height; on S¹: the circle).
 */
final class ImageVisuals {
    private final ImageVae model;
    private final ImageDataset data;

    ImageVisuals(ImageVae model, ImageDataset data) {
        this.model = model;
        this.data = data;
    }

    private void write(INDArray flat, int columns, Path out) {
        ImageGrid.ofFlat(flat, data.height(), data.width()).columns(columns).scale(data.height() < 16 ? 4 : 2).writePng(out);
    }

    void priorGrid(int n, Rng rng, Path out) {
        INDArray z = model.posterior().priorSample(rng, n, model.graph().dtype());
        write(model.decode(z), (int) Math.ceil(Math.sqrt(n)), out);
    }

    /** Rows of 10: test images, then their reconstructions from one posterior draw each. */
    void reconstructions(int n, Rng rng, Path out) {
        int cols = 10, rows = Math.max(1, (n + cols - 1) / cols);
        int count = rows * cols;
        int[] pick = rng.permutation(data.test().size());
        int[] idx = java.util.Arrays.copyOf(pick, Math.min(count, pick.length));
        INDArray x = model.prepare(data.test().subset(idx).features(model.graph().dtype()), rng);
        LatentBatch q = model.encode(x);
        double[][] z = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) z[i] = q.sample(i, rng);
        INDArray rec = model.decode(Nd4j.createFromArray(z));
        INDArray grid = Nd4j.create(x.dataType(), 2L * idx.length, x.size(1));
        for (int r = 0; r * cols < idx.length; r++) {
            for (int c = 0; c < cols && r * cols + c < idx.length; c++) {
                int i = r * cols + c;
                grid.putRow(2L * r * cols + c, x.getRow(i));
                grid.putRow(2L * r * cols + cols + c, rec.getRow(i));
            }
        }
        write(grid, cols, out);
    }

    /** {@code rows} pairs of test images, {@code steps} points from one code to the other. */
    void interpolations(int rows, int steps, Rng rng, Path out) {
        int[] pick = rng.permutation(data.test().size());
        int[] idx = java.util.Arrays.copyOf(pick, 2 * rows);
        INDArray x = model.prepare(data.test().subset(idx).features(model.graph().dtype()), rng);
        LatentBatch q = model.encode(x);
        boolean sphere = q instanceof VmfLatents;
        double[][] z = new double[rows * steps][];
        for (int r = 0; r < rows; r++) {
            double[] a = code(q, 2 * r), b = code(q, 2 * r + 1);
            for (int s = 0; s < steps; s++) {
                double t = s / (double) (steps - 1);
                z[r * steps + s] = sphere ? Interpolation.slerp(a, b, t) : Interpolation.lerp(a, b, t);
            }
        }
        write(model.decode(Nd4j.createFromArray(z)), steps, out);
    }

    private static double[] code(LatentBatch q, int i) {
        return q instanceof VmfLatents v ? v.direction(i) : q.mean(i);
    }

    void manifold(int grid, Path out) {
        if (grid < 2 || grid > 100) throw new UsageException("manifold grid must be in 2..100, got " + grid);
        int d = model.latentDim();
        boolean sphere = model.posterior().kind().startsWith("vmf");
        double[][] z;
        int cols = grid;
        if (!sphere && d == 2) {
            NormalDistribution nd = new NormalDistribution(0, 1);
            z = new double[grid * grid][];
            for (int r = 0; r < grid; r++) {
                for (int c = 0; c < grid; c++) {
                    double u1 = 0.05 + 0.9 * c / (grid - 1), u2 = 0.95 - 0.9 * r / (grid - 1);
                    z[r * grid + c] = new double[]{nd.inverseCumulativeProbability(u1), nd.inverseCumulativeProbability(u2)};
                }
            }
        } else if (sphere && d == 3) {
            z = new double[grid * grid][];
            for (int r = 0; r < grid; r++) {
                double h = 0.95 - 1.9 * r / (grid - 1), rad = Math.sqrt(1 - h * h); // equal-area: uniform height
                for (int c = 0; c < grid; c++) {
                    double phi = 2 * Math.PI * c / grid;
                    z[r * grid + c] = new double[]{rad * Math.cos(phi), rad * Math.sin(phi), h};
                }
            }
        } else if (sphere && d == 2) {
            z = new double[grid][];
            for (int c = 0; c < grid; c++) {
                double phi = 2 * Math.PI * c / grid;
                z[c] = new double[]{Math.cos(phi), Math.sin(phi)};
            }
        } else {
            throw new UsageException("the manifold grid needs a 2-D latent manifold: vae.latent=2 for Gaussian models, "
                    + "3 (the sphere S^2) or 2 (the circle) for vMF models; this model has latent " + d);
        }
        write(model.decode(Nd4j.createFromArray(z)), cols, out);
    }
}
