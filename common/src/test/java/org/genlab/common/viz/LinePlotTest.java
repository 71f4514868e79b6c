package org.genlab.common.viz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.genlab.common.viz.ImageGridTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinePlotTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws Exception {
        Path f = dir.resolve("metrics" + text.hashCode() + ".csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void metricsCsvKeepsOnlyPresentValuesPerColumn() throws Exception {
        MetricsCsv t = MetricsCsv.read(csv("step,loss,fid\n0,2.5,90\n10,1.5,\n\n20,,40\n30,0.5\n"));
        assertEquals(List.of("loss", "fid"), t.metrics());
        double[][] loss = t.series("loss");
        assertArrayEquals(new double[] {0, 10, 30}, loss[0]);
        assertArrayEquals(new double[] {2.5, 1.5, 0.5}, loss[1]);
        double[][] fid = t.series("fid");
        assertArrayEquals(new double[] {0, 20}, fid[0]);
        assertArrayEquals(new double[] {90, 40}, fid[1]);
    }

    @Test
    void badMetricsFilesGiveClearUsageErrors() throws Exception {
        Path ok = csv("step,loss\n0,1\n");
        assertMessage("available: [loss]", () -> MetricsCsv.read(ok).series("fid"));
        assertMessage("line 3, column 'loss': 'abc'", () -> MetricsCsv.read(csv("step,loss\n0,1\n1,abc\n")));
        assertMessage("line 2 has 3 cells", () -> MetricsCsv.read(csv("step,loss\n0,1,2\n")));
        assertMessage("header 'step,metric1", () -> MetricsCsv.read(csv("epoch,loss\n0,1\n")));
        assertMessage("is empty", () -> MetricsCsv.read(csv("")));
        assertMessage("cannot read", () -> MetricsCsv.read(dir.resolve("missing.csv")));
        assertMessage("no values yet", () -> LinePlot.fromMetricsCsv(csv("step,loss\n"), List.of()));
    }

    /** Screen row of the line in a column: mean y of pixels of the colour there. */
    private static double lineRow(BufferedImage img, Color c, int x) {
        return ImageProbe.centroid(img, c, 30, x - 1, 0, x + 2, img.getHeight())[1];
    }

    /** {first, last} columns holding the colour. */
    private static int[] columns(BufferedImage img, Color c) {
        int first = -1, last = -1;
        for (int x = 0; x < img.getWidth(); x++) {
            if (ImageProbe.centroid(img, c, 30, x, 0, x + 1, img.getHeight())[2] > 0) {
                if (first < 0) first = x;
                last = x;
            }
        }
        return new int[] {first, last};
    }

    @Test
    void logAxisStraightensExponentialGrowthAndSeriesStackByValue() throws Exception {
        // y = 10^(x/50) for x in 0..100: straight on log-y, strongly convex on linear y
        double[] x = new double[101], y = new double[101], flat = new double[101];
        for (int i = 0; i <= 100; i++) {
            x[i] = i;
            y[i] = Math.pow(10, i / 50.0);
            flat[i] = 0.5;
        }
        Color c0 = ChartStyle.PALETTE[0], c1 = ChartStyle.PALETTE[1];
        for (boolean log : new boolean[] {true, false}) {
            Path png = dir.resolve("line" + log + ".png");
            LinePlot.create().series("growth", x, y).series("flat", x, flat).logY(log).yAxis("value")
                    .size(640, 480).writePng(png);
            BufferedImage img = ImageProbe.read(png);
            assertEquals(640, img.getWidth());
            assertEquals(480, img.getHeight());
            int[] span = columns(img, c0);
            int left = span[0] + 3, right = span[1] - 3, middle = (left + right) / 2;
            double yl = lineRow(img, c0, left), ym = lineRow(img, c0, middle), yr = lineRow(img, c0, right);
            assertTrue(yr < yl - 200, "growth must rise up the screen");
            double bend = ym - (yl + yr) / 2; // > 0: the middle sags below the chord (convex curve)
            if (log) {
                assertEquals(0.0, bend, 3.0, "exponential should be straight on log-y");
            } else {
                assertTrue(bend > 80, "exponential should sag on linear y, bend " + bend);
            }
            // the constant 0.5 lies below every value of the growth curve (all >= 1)
            assertTrue(lineRow(img, c1, middle) > yl, "flat series should be drawn below the growth curve");
        }
    }

    @Test
    void plotsChosenColumnsOfAMetricsFile() throws Exception {
        StringBuilder sb = new StringBuilder("step,loss,fid\n");
        for (int s = 0; s <= 1000; s += 10) sb.append(s).append(',').append(1.0 / (1 + s)).append(',')
                .append(s % 200 == 0 ? Double.toString(100 - s / 20.0) : "").append('\n');
        Path png = dir.resolve("out/metrics.png");
        LinePlot.fromMetricsCsv(csv(sb.toString()), List.of("fid")).writePng(png);
        BufferedImage img = ImageProbe.read(png);
        assertEquals(800, img.getWidth());
        assertEquals(520, img.getHeight());
        assertTrue(ImageProbe.centroid(img, ChartStyle.PALETTE[0], 20)[2] > 200, "fid curve should be drawn");
        assertEquals(0.0, ImageProbe.centroid(img, ChartStyle.PALETTE[1], 20)[2], "only one series was asked for");
        LinePlot.fromMetricsCsv(csv(sb.toString()), List.of()).logY(true).writePng(dir.resolve("all.png"));
    }

    @Test
    void badSeriesGiveClearUsageErrors() {
        double[] one = {1};
        assertMessage("equal length", () -> LinePlot.create().series("a", new double[2], one));
        assertMessage("no points", () -> LinePlot.create().series("a", new double[0], new double[0]));
        assertMessage("already has a series named 'a'", () -> LinePlot.create().series("a", one, one)
                .series("a", one, one));
        assertMessage("no series", () -> LinePlot.create().render());
        assertMessage("without log-y", () -> LinePlot.create().series("a", new double[] {0, 1},
                new double[] {0, -1}).logY(true).render());
    }
}
