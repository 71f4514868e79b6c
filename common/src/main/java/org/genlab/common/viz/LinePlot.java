package org.genlab.common.viz;

import org.genlab.common.UsageException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric curves (several named series against training step) as a PNG line chart (XChart), with optional
 * logarithmic y axis. Non-finite values cannot be placed on an axis and are left out of their series.
 *
 * <pre>LinePlot.fromMetricsCsv(run.resolve("metrics.csv"), List.of("loss")).logY(true).writePng(file);</pre>
 */
public final class LinePlot {
    private final Map<String, double[][]> series = new LinkedHashMap<>();
    private String title = "", xTitle = "step", yTitle = "";
    private boolean logY;
    private int width = 800, height = 520;

    public static LinePlot create() {
        return new LinePlot();
    }

    /**
     * Plots chosen columns of a genlab metrics CSV (header {@code step,metric1,...}; empty cells are missing
     * values, and each curve joins the steps where its metric is present). An empty list plots every metric.
     */
    public static LinePlot fromMetricsCsv(Path csv, List<String> columns) {
        MetricsCsv table = MetricsCsv.read(csv);
        List<String> chosen = columns == null || columns.isEmpty() ? table.metrics() : columns;
        LinePlot plot = new LinePlot().title(String.valueOf(csv.getFileName()));
        for (String c : chosen) {
            double[][] xy = table.series(c);
            if (xy[0].length > 0) plot.series(c, xy[0], xy[1]);
        }
        if (plot.series.isEmpty()) {
            throw new UsageException("metrics file " + csv + " has no values yet for " + chosen
                    + "; plot it after the first metrics are written");
        }
        if (chosen.size() == 1) plot.yAxis(chosen.get(0));
        return plot;
    }

    /** Adds a curve; x and y must have equal length. Non-finite points (and non-positive ones on log-y) are left out. */
    public LinePlot series(String name, double[] x, double[] y) {
        if (name == null || name.isEmpty()) throw new UsageException("line plot series needs a name");
        if (series.containsKey(name)) throw new UsageException("line plot already has a series named '" + name + "'");
        if (x == null || y == null || x.length != y.length) {
            throw new UsageException("line plot series '" + name + "' needs x and y of equal length, got "
                    + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length));
        }
        if (x.length == 0) throw new UsageException("line plot series '" + name + "' has no points");
        series.put(name, new double[][] {x.clone(), y.clone()});
        return this;
    }

    public LinePlot title(String title) {
        this.title = title == null ? "" : title;
        return this;
    }

    public LinePlot xAxis(String title) {
        this.xTitle = title == null ? "" : title;
        return this;
    }

    public LinePlot yAxis(String title) {
        this.yTitle = title == null ? "" : title;
        return this;
    }

    /** Logarithmic y axis (for losses spanning decades). Every series must then have a positive value. */
    public LinePlot logY(boolean logY) {
        this.logY = logY;
        return this;
    }

    public LinePlot size(int width, int height) {
        if (width < 200 || height < 200 || width > 8000 || height > 8000) {
            throw new UsageException("plot size must be 200..8000 pixels per side, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    public BufferedImage render() {
        if (series.isEmpty()) throw new UsageException("line plot has no series; add one with series(name, x, y)");
        XYChart chart = new XYChart(width, height);
        ChartStyle.apply(chart);
        XYStyler s = chart.getStyler();
        chart.setTitle(title);
        s.setChartTitleVisible(!title.isEmpty());
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        s.setXAxisTitleVisible(!xTitle.isEmpty());
        s.setYAxisTitleVisible(!yTitle.isEmpty());
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setYAxisLogarithmic(logY);
        s.setLegendVisible(series.size() > 1);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setXAxisDecimalPattern("#,##0.###");
        s.setMarkerSize(6);
        double[] anyPoint = null;
        double xLo = Double.POSITIVE_INFINITY, xHi = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] xy = keepPlottable(e.getKey(), e.getValue());
            if (anyPoint == null) anyPoint = new double[] {xy[0][0], xy[1][0]};
            for (double x : xy[0]) {
                xLo = Math.min(xLo, x);
                xHi = Math.max(xHi, x);
            }
            XYSeries xs = chart.addSeries(e.getKey(), xy[0], xy[1]);
            xs.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            // markers only when points are few enough to be told apart; a single point needs one to be seen
            xs.setMarker(xy[0].length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        breakEqualSpacing(chart, xLo, xHi, anyPoint[1]);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * XChart puts x ticks on data values when all x values are equally spaced (metrics logged every k steps),
     * which yields ticks like 1,400 / 2,800. One invisible off-grid point switches it to round tick values.
     */
    private static void breakEqualSpacing(XYChart chart, double xLo, double xHi, double y) {
        if (!(xHi > xLo)) return;
        double x = xLo + (xHi - xLo) / Math.PI; // irrational fraction: off any regular grid of steps
        XYSeries hidden = chart.addSeries("\0tick-helper", new double[] {x}, new double[] {y});
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setShowInLegend(false);
    }

    public void writePng(Path file) {
        PngFiles.write(render(), file);
    }

    private double[][] keepPlottable(String name, double[][] xy) {
        int n = 0;
        for (int i = 0; i < xy[0].length; i++) if (plottable(xy[0][i], xy[1][i])) n++;
        if (n == 0) {
            throw new UsageException("line plot series '" + name + "' has no " + (logY ? "positive " : "finite ")
                    + "values" + (logY ? "; plot it without log-y" : ""));
        }
        double[][] out = new double[2][n];
        for (int i = 0, k = 0; i < xy[0].length; i++) {
            if (plottable(xy[0][i], xy[1][i])) {
                out[0][k] = xy[0][i];
                out[1][k++] = xy[1][i];
            }
        }
        return out;
    }

    private boolean plottable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logY || y > 0);
    }
}
