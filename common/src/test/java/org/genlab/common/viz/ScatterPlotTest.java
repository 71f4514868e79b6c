package org.genlab.common.viz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.genlab.common.viz.ImageGridTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScatterPlotTest {
    @TempDir
    Path dir;

    private double[] blueSpot(double x, double y) throws Exception {
        Path png = dir.resolve("p" + x + "_" + y + ".png");
        ScatterPlot.of(new double[][] {{x, y}}).range(0, 1, 0, 1).pointSize(12).size(500, 400).writePng(png);
        BufferedImage img = ImageProbe.read(png);
        assertEquals(500, img.getWidth());
        assertEquals(400, img.getHeight());
        double[] c = ImageProbe.centroid(img, ScatterPlot.SAMPLE_COLOUR, 10);
        assertTrue(c[2] >= 40, "marker of 12 px should cover >= 40 pixels, found " + c[2]);
        return c;
    }

    @Test
    void pointsLandWhereTheirCoordinatesSayOnALinearUprightAxis() throws Exception {
        double[] lo = blueSpot(0.2, 0.2), mid = blueSpot(0.5, 0.5), hi = blueSpot(0.8, 0.8);
        // equal data steps give equal pixel steps; x grows rightwards, y grows upwards (screen y down)
        assertEquals(mid[0] - lo[0], hi[0] - mid[0], 1.0);
        assertEquals(mid[1] - lo[1], hi[1] - mid[1], 1.0);
        assertTrue(hi[0] - mid[0] > 60, "x step too small: " + (hi[0] - mid[0]));
        assertTrue(hi[1] - mid[1] < -60, "y step should go up the screen: " + (hi[1] - mid[1]));
        // (0.5, 0.5) sits in the middle of the plot frame
        ScatterPlot p = ScatterPlot.of(new double[][] {{0.5, 0.5}}).range(0, 1, 0, 1).size(500, 400);
        p.render();
        double[] f = p.lastFrame();
        assertEquals((f[0] + f[2]) / 2, mid[0], 1.0);
        assertEquals((f[1] + f[3]) / 2, mid[1], 1.0);
    }

    @Test
    void referencePointsGetTheirOwnColourAtTheirOwnPlace() throws Exception {
        Path png = dir.resolve("overlay.png");
        ScatterPlot p = ScatterPlot.of(Nd4j.createFromArray(new double[][] {{0.25, 0.75}}))
                .reference(Nd4j.createFromArray(new float[][] {{0.75f, 0.25f}})).range(0, 1, 0, 1).pointSize(10);
        p.writePng(png);
        BufferedImage img = ImageProbe.read(png);
        double[] f = p.lastFrame();
        int x0 = (int) f[0], y0 = (int) f[1], x1 = (int) f[2], y1 = (int) f[3]; // inside the frame: no legend
        double[] s = ImageProbe.centroid(img, ScatterPlot.SAMPLE_COLOUR, 10, x0, y0, x1, y1);
        double[] r = ImageProbe.centroid(img, ScatterPlot.REFERENCE_COLOUR, 10, x0, y0, x1, y1);
        assertEquals(x0 + 0.25 * (x1 - x0), s[0], 2.0);
        assertEquals(y0 + 0.25 * (y1 - y0), s[1], 2.0);
        assertEquals(x0 + 0.75 * (x1 - x0), r[0], 2.0);
        assertEquals(y0 + 0.75 * (y1 - y0), r[1], 2.0);
    }

    @Test
    void heatMapColourFollowsTheFieldAndTheColourmap() throws Exception {
        ScalarField field = ScalarField.sample((x, y) -> x, 0, 1, 0, 1, 21);
        Path png = dir.resolve("heat.png");
        ScatterPlot p = ScatterPlot.of(new double[][] {{0.5, 0.95}}).field(field, "f(x, y) = x").isoLines(0)
                .pointSize(4).size(600, 500);
        p.writePng(png);
        BufferedImage img = ImageProbe.read(png);
        assertEquals(600, img.getWidth());
        double[] f = p.lastFrame();
        int row = (int) Math.round(f[1] + 0.6 * (f[3] - f[1])); // y = 0.4, away from the point
        double prevLum = -1;
        for (double x = 0.05; x < 1; x += 0.1) {
            int px = (int) Math.round(f[0] + x * (f[2] - f[0]));
            int rgb = img.getRGB(px, row) & 0xFFFFFF;
            double lum = ImageProbe.luminance(rgb);
            assertTrue(lum > prevLum, "heat map should brighten with the field at x=" + x);
            prevLum = lum;
            assertTrue(ImageProbe.distance(img, px, row, Colormap.VIRIDIS.color(x)) <= 8,
                    "colour at x=" + x + " should be viridis(" + x + ")");
        }
        // iso-lines are drawn where asked: the level x = 0.5 crosses the row at the frame centre
        Path withLines = dir.resolve("heat_lines.png");
        ScatterPlot q = ScatterPlot.of(new double[][] {{0.5, 0.95}}).field(field, "").isoLines(1).size(600, 500);
        q.writePng(withLines);
        BufferedImage li = ImageProbe.read(withLines);
        int cx = (int) Math.floor((f[0] + f[2]) / 2);
        int strongest = 0;
        for (int x = cx - 1; x <= cx + 1; x++) {
            strongest = Math.max(strongest, ImageProbe.distance(li, x, row, Colormap.VIRIDIS.color(0.5)));
        }
        assertTrue(strongest > 40, "iso-line missing at x=0.5");
        int away = (int) Math.round(f[0] + 0.3 * (f[2] - f[0]));
        assertTrue(ImageProbe.distance(li, away, row, Colormap.VIRIDIS.color(0.3)) <= 8, "no line at x=0.3");
    }

    @Test
    void nonFinitePointsAreLeftOutNotFatal() {
        BufferedImage img = ScatterPlot.of(new double[][] {{0, 0}, {Double.NaN, 1}, {1, Double.POSITIVE_INFINITY}})
                .render();
        assertEquals(720, img.getWidth());
        ScatterPlot.of(new double[][] {{Double.NaN, 1}}).render(); // nothing drawable still gives axes
    }

    @Test
    void indArrayAndJavaArraysDrawTheSamePicture() {
        double[][] pts = {{0.1, 0.3}, {0.7, 0.2}, {0.4, 0.9}};
        BufferedImage a = ScatterPlot.of(pts).size(300, 300).render();
        BufferedImage b = ScatterPlot.of(Nd4j.createFromArray(pts).castTo(DataType.FLOAT)).size(300, 300).render();
        for (int y = 0; y < 300; y += 3) {
            for (int x = 0; x < 300; x += 3) assertArrayEquals(ImageProbe.rgb(a, x, y), ImageProbe.rgb(b, x, y));
        }
    }

    @Test
    void badInputGivesClearUsageErrors() {
        assertMessage("shape [n, 2]", () -> ScatterPlot.of(Nd4j.create(DataType.FLOAT, 5, 3)));
        assertMessage("no samples", () -> ScatterPlot.of(new double[0][]));
        assertMessage("no samples", () -> ScatterPlot.of(Nd4j.create(DataType.FLOAT, 0, 2)));
        assertMessage("point 1 has 3", () -> ScatterPlot.of(new double[][] {{0, 0}, {1, 2, 3}}));
        assertMessage("xMin < xMax", () -> ScatterPlot.of(new double[][] {{0, 0}}).range(1, 0, 0, 1));
        assertMessage("no reference points", () -> ScatterPlot.of(new double[][] {{0, 0}}).reference(new double[0][]));
        assertMessage("200..8000", () -> ScatterPlot.of(new double[][] {{0, 0}}).size(10, 10));
    }
}
