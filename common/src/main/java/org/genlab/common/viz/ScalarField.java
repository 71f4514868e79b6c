package org.genlab.common.viz;

import org.genlab.common.UsageException;

import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;

/**
 * Values of a scalar field f(x, y) on a regular grid over a rectangle, to be drawn as a heat map with iso-lines
 * behind a scatter plot (WGAN critic values, model log-densities). Node (i, j) sits at
 * x = xMin + i (xMax - xMin)/(nx - 1), y = yMin + j (yMax - yMin)/(ny - 1); values are indexed [j][i] (row = y).
 * Between nodes the field is bilinearly interpolated.
 */
public final class ScalarField {
    private final double xMin, xMax, yMin, yMax;
    private final double[][] values;
    private final double lo, hi;

    /** @param values [ny][nx] values, ny, nx >= 2; NaN marks "undefined here" and is drawn gray */
    public ScalarField(double xMin, double xMax, double yMin, double yMax, double[][] values) {
        if (!(xMax > xMin) || !(yMax > yMin) || !Double.isFinite(xMax - xMin) || !Double.isFinite(yMax - yMin)) {
            throw new UsageException("scalar field needs a finite rectangle with xMin < xMax and yMin < yMax, got x ["
                    + xMin + ", " + xMax + "], y [" + yMin + ", " + yMax + "]");
        }
        if (values == null || values.length < 2 || values[0] == null || values[0].length < 2) {
            throw new UsageException("scalar field needs a grid of at least 2x2 values");
        }
        int nx = values[0].length;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        this.values = new double[values.length][];
        for (int j = 0; j < values.length; j++) {
            if (values[j] == null || values[j].length != nx) {
                throw new UsageException("scalar field grid row " + j + " has "
                        + (values[j] == null ? "no values" : values[j].length + " values") + ", expected " + nx);
            }
            this.values[j] = values[j].clone();
            for (double v : values[j]) {
                if (Double.isInfinite(v)) {
                    throw new UsageException("scalar field has an infinite value in row " + j
                            + "; clip it or use NaN for undefined points");
                }
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
        this.lo = min;
        this.hi = max;
    }

    /** Samples {@code f} at resolution x resolution nodes over the rectangle. */
    public static ScalarField sample(DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax,
                                     int resolution) {
        checkResolution(resolution);
        double[][] v = new double[resolution][resolution];
        for (int j = 0; j < resolution; j++) {
            for (int i = 0; i < resolution; i++) {
                v[j][i] = f.applyAsDouble(nodeX(xMin, xMax, resolution, i), nodeX(yMin, yMax, resolution, j));
            }
        }
        return new ScalarField(xMin, xMax, yMin, yMax, v);
    }

    /**
     * Samples a batched function in one call, for fields that come from a network: {@code f} receives all
     * resolution^2 grid points as rows {x, y} and returns one value per row.
     */
    public static ScalarField sampleBatch(Function<double[][], double[]> f, double xMin, double xMax, double yMin,
                                          double yMax, int resolution) {
        checkResolution(resolution);
        double[][] pts = new double[resolution * resolution][];
        for (int j = 0; j < resolution; j++) {
            for (int i = 0; i < resolution; i++) {
                pts[j * resolution + i] = new double[] {nodeX(xMin, xMax, resolution, i),
                        nodeX(yMin, yMax, resolution, j)};
            }
        }
        double[] out = f.apply(pts);
        if (out == null || out.length != pts.length) {
            throw new UsageException("scalar field function returned " + (out == null ? "nothing" : out.length
                    + " values") + " for " + pts.length + " grid points; return one value per point");
        }
        double[][] v = new double[resolution][resolution];
        for (int j = 0; j < resolution; j++) System.arraycopy(out, j * resolution, v[j], 0, resolution);
        return new ScalarField(xMin, xMax, yMin, yMax, v);
    }

    private static void checkResolution(int resolution) {
        if (resolution < 2 || resolution > 4096) {
            throw new UsageException("scalar field resolution must be in [2, 4096], got " + resolution);
        }
    }

    private static double nodeX(double min, double max, int n, int i) {
        return min + (max - min) * i / (n - 1);
    }

    public double xMin() { return xMin; }
    public double xMax() { return xMax; }
    public double yMin() { return yMin; }
    public double yMax() { return yMax; }
    public int nx() { return values[0].length; }
    public int ny() { return values.length; }
    /** Smallest finite value (+inf when all are NaN). */
    public double min() { return lo; }
    /** Largest finite value (-inf when all are NaN). */
    public double max() { return hi; }

    /** Value at grid node (column i, row j). */
    public double node(int i, int j) {
        return values[j][i];
    }

    /** Bilinear interpolation at (x, y); outside the rectangle the nearest border value is used. */
    public double at(double x, double y) {
        double gx = clamp((x - xMin) / (xMax - xMin) * (nx() - 1), 0, nx() - 1);
        double gy = clamp((y - yMin) / (yMax - yMin) * (ny() - 1), 0, ny() - 1);
        int i = Math.min((int) gx, nx() - 2), j = Math.min((int) gy, ny() - 2);
        double fx = gx - i, fy = gy - j;
        double a = values[j][i], b = values[j][i + 1], c = values[j + 1][i], d = values[j + 1][i + 1];
        return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
