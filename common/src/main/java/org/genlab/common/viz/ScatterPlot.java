package org.genlab.common.viz;

import org.genlab.common.UsageException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * 2-D samples as a PNG scatter plot (XChart), optionally over reference points (e.g. the real data, drawn first and
 * in another colour) and over a heat map with iso-lines of a scalar field (critic values, log-densities) with a
 * colour bar. Non-finite points cannot be placed; they are left out and their number is stated in the legend.
 *
 * <pre>ScatterPlot.of(samples).reference(data).range(-4, 4, -4, 4).title("step 5000").writePng(file);</pre>
 */
public final class ScatterPlot {
    /**
     * Sample colour on a white plot, and over a heat map (red stands out against every viridis colour; the
     * reference, usually in the bright high-density or high-critic region, is drawn near-black there).
     */
    static final Color SAMPLE_COLOUR = ChartStyle.PALETTE[0], SAMPLE_ON_FIELD = new Color(0xFF2A2A);
    static final Color REFERENCE_COLOUR = ChartStyle.PALETTE[1], REFERENCE_ON_FIELD = new Color(0x111111);
    private static final int COLOUR_BAR_MARGIN = 100;

    private final double[][] samples;
    private double[][] reference;
    private String sampleName = "samples", referenceName = "data", title = "", fieldLabel = "";
    private Double xMin, xMax, yMin, yMax;
    private int pointSize, width = 720, height = 640, isoLines = 6;
    private double alpha = Double.NaN;
    private ScalarField field;
    private Colormap colormap = Colormap.VIRIDIS;
    private double[] lastFrame;

    private ScatterPlot(double[][] samples) {
        this.samples = samples;
    }

    public static ScatterPlot of(double[][] points) {
        return new ScatterPlot(checkPoints(points, "samples"));
    }

    /** Points as an INDArray of shape [n, 2]. */
    public static ScatterPlot of(INDArray points) {
        return new ScatterPlot(toRows(points, "samples"));
    }

    public ScatterPlot reference(double[][] points) {
        this.reference = checkPoints(points, "reference points");
        return this;
    }

    public ScatterPlot reference(INDArray points) {
        this.reference = toRows(points, "reference points");
        return this;
    }

    /** Legend names of the two point sets (default "samples" and "data"). */
    public ScatterPlot names(String samples, String reference) {
        this.sampleName = samples;
        this.referenceName = reference;
        return this;
    }

    public ScatterPlot title(String title) {
        this.title = title == null ? "" : title;
        return this;
    }

    /** Fixed axis ranges, so plots of successive training steps are comparable. */
    public ScatterPlot range(double xMin, double xMax, double yMin, double yMax) {
        if (!(xMax > xMin) || !(yMax > yMin) || !Double.isFinite(xMax - xMin) || !Double.isFinite(yMax - yMin)) {
            throw new UsageException("scatter plot range needs finite xMin < xMax and yMin < yMax, got x [" + xMin
                    + ", " + xMax + "], y [" + yMin + ", " + yMax + "]");
        }
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
        return this;
    }

    /** Marker diameter in pixels; default shrinks with the number of points (6 px up to 500, 3 px above 5000). */
    public ScatterPlot pointSize(int pixels) {
        if (pixels < 1 || pixels > 50) throw new UsageException("point size must be 1..50 pixels, got " + pixels);
        this.pointSize = pixels;
        return this;
    }

    /** Marker opacity in (0, 1]; default 1 below 1000 points, lower above so dense regions read as darker. */
    public ScatterPlot alpha(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) throw new UsageException("point alpha must be in (0, 1], got " + alpha);
        this.alpha = alpha;
        return this;
    }

    public ScatterPlot size(int width, int height) {
        if (width < 200 || height < 200 || width > 8000 || height > 8000) {
            throw new UsageException("plot size must be 200..8000 pixels per side, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /**
     * Heat map of a field behind the points. Unless {@link #range} was set, the axes show exactly the field's
     * rectangle. {@code label} captions the colour bar (e.g. "critic D(x)").
     */
    public ScatterPlot field(ScalarField field, String label) {
        if (field == null) throw new UsageException("scatter plot: field must not be null");
        this.field = field;
        this.fieldLabel = label == null ? "" : label;
        return this;
    }

    /** Number of iso-lines over the heat map, evenly spaced in value (default 6; 0 for none). */
    public ScatterPlot isoLines(int count) {
        if (count < 0 || count > 50) throw new UsageException("iso-line count must be 0..50, got " + count);
        this.isoLines = count;
        return this;
    }

    public ScatterPlot colormap(Colormap colormap) {
        if (colormap == null) throw new UsageException("scatter plot: colormap must not be null");
        this.colormap = colormap;
        return this;
    }

    public BufferedImage render() {
        int chartWidth = field == null ? width : width - COLOUR_BAR_MARGIN;
        XYChart chart = new XYChart(chartWidth, height);
        ChartStyle.apply(chart);
        chart.setTitle(title);
        XYStyler s = chart.getStyler();
        s.setChartTitleVisible(!title.isEmpty());
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        int total = samples.length + (reference == null ? 0 : reference.length);
        s.setMarkerSize(pointSize > 0 ? pointSize : total <= 500 ? 6 : total <= 5000 ? 4 : 3);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);

        double[] xr;
        if (xMin != null) {
            xr = new double[] {xMin, xMax, yMin, yMax};
        } else if (field != null) {
            xr = new double[] {field.xMin(), field.xMax(), field.yMin(), field.yMax()};
        } else {
            xr = autoRange();
        }
        s.setXAxisMin(xr[0]).setXAxisMax(xr[1]).setYAxisMin(xr[2]).setYAxisMax(xr[3]);
        s.setPlotContentSize(1.0); // the axis range fills the plot frame (a heat map then fills it too)

        int series = 0;
        boolean omitted = false;
        if (reference != null) {
            omitted |= addSeries(chart, referenceName, reference,
                    field == null ? REFERENCE_COLOUR : REFERENCE_ON_FIELD, total);
            series++;
        }
        omitted |= addSeries(chart, sampleName, samples, field == null ? SAMPLE_COLOUR : SAMPLE_ON_FIELD, total);
        series++;
        s.setLegendVisible(series > 1 || omitted);
        if (chart.getSeriesMap().isEmpty()) {
            // nothing finite to draw: an invisible point keeps XChart painting the (empty) axes and the legend note
            XYSeries none = chart.addSeries(sampleName + " (all " + samples.length + " non-finite)",
                    new double[] {xr[0]}, new double[] {xr[2]});
            none.setMarker(SeriesMarkers.NONE);
        }

        BufferedImage img = field == null ? BitmapEncoder.getBufferedImage(chart) : renderOverField(chart, xr);
        lastFrame = frame(chart, xr);
        return img;
    }

    /** Pixel rectangle {left, top, right, bottom} that showed the axis range in the last render (for tests). */
    double[] lastFrame() {
        return lastFrame.clone();
    }

    /** Where the axis range landed in pixels; valid once the chart has been painted. */
    private static double[] frame(XYChart chart, double[] r) {
        return new double[] {chart.getScreenXFromChart(r[0]), chart.getScreenYFromChart(r[3]),
                chart.getScreenXFromChart(r[1]), chart.getScreenYFromChart(r[2])};
    }

    public void writePng(Path file) {
        PngFiles.write(render(), file);
    }

    /**
     * XChart has no image layer, so the field is drawn first and the chart (with transparent backgrounds) on top.
     * A first paint lays the chart out, which fixes where the data range lands in pixels.
     */
    private BufferedImage renderOverField(XYChart chart, double[] r) {
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(new Color(0, 0, 0, 0));
        s.setPlotBackgroundColor(new Color(0, 0, 0, 0));
        s.setPlotGridLinesVisible(false);
        BufferedImage layout = new BufferedImage(chart.getWidth(), height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D lg = layout.createGraphics();
        chart.paint(lg, chart.getWidth(), height);
        lg.dispose();
        double[] f = frame(chart, r);
        double px0 = f[0], py0 = f[1], px1 = f[2], py1 = f[3];

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        HeatMapLayer layer = new HeatMapLayer(field, colormap, isoLines);
        layer.paint(g, px0, py0, px1, py1, r[0], r[1], r[2], r[3]);
        chart.paint(g, chart.getWidth(), height);
        layer.paintColourBar(g, chart.getWidth() + 6, (int) Math.round(py0), (int) Math.round(py1), fieldLabel,
                width);
        g.dispose();
        return img;
    }

    /** Bounding box of all finite points, padded by 5% per side (by 1 when all coordinates coincide). */
    private double[] autoRange() {
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[][] set : new double[][][] {samples, reference}) {
            if (set == null) continue;
            for (double[] p : set) {
                if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) continue;
                r[0] = Math.min(r[0], p[0]);
                r[1] = Math.max(r[1], p[0]);
                r[2] = Math.min(r[2], p[1]);
                r[3] = Math.max(r[3], p[1]);
            }
        }
        if (r[0] > r[1]) return new double[] {-1, 1, -1, 1};
        for (int k = 0; k < 4; k += 2) {
            double span = r[k + 1] - r[k];
            double pad = span > 0 ? 0.05 * span : 1.0;
            r[k] -= pad;
            r[k + 1] += pad;
        }
        return r;
    }

    /** @return whether non-finite points were left out */
    private boolean addSeries(XYChart chart, String name, double[][] pts, Color colour, int total) {
        int finite = 0;
        for (double[] p : pts) if (Double.isFinite(p[0]) && Double.isFinite(p[1])) finite++;
        double[] xs = new double[finite], ys = new double[finite];
        int k = 0;
        for (double[] p : pts) {
            if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                xs[k] = p[0];
                ys[k++] = p[1];
            }
        }
        int dropped = pts.length - finite;
        String label = dropped == 0 ? name : name + " (" + dropped + " non-finite left out)";
        if (finite == 0) return true; // XChart cannot draw an empty series; the title of the other one still shows
        XYSeries series = chart.addSeries(label, xs, ys);
        series.setMarker(SeriesMarkers.CIRCLE);
        double a = Double.isNaN(alpha) ? (total < 1000 ? 1.0 : total < 10000 ? 0.55 : 0.35) : alpha;
        series.setMarkerColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(),
                (int) Math.round(a * 255)));
        return dropped > 0;
    }

    private static double[][] checkPoints(double[][] points, String what) {
        if (points == null || points.length == 0) {
            throw new UsageException("scatter plot got no " + what + "; pass at least one point");
        }
        for (int i = 0; i < points.length; i++) {
            if (points[i] == null || points[i].length != 2) {
                throw new UsageException("scatter plot " + what + " must be 2-D points, but point " + i + " has "
                        + (points[i] == null ? "no" : points[i].length) + " coordinates");
            }
        }
        return points;
    }

    private static double[][] toRows(INDArray points, String what) {
        if (points == null) throw new UsageException("scatter plot got null " + what);
        long[] s = points.shape();
        if (s.length != 2 || s[1] != 2) {
            throw new UsageException("scatter plot " + what + " must have shape [n, 2], got " + Arrays.toString(s));
        }
        if (s[0] == 0) throw new UsageException("scatter plot got no " + what + "; pass at least one point");
        return points.castTo(DataType.DOUBLE).toDoubleMatrix();
    }
}
