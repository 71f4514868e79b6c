package org.genlab.common.viz;

import org.genlab.common.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageGridTest {
    @TempDir
    Path dir;

    /** Top-left output pixel of image pixel (y, x) in cell (row, col), for a given layout. */
    private static int[] at(int row, int col, int y, int x, int h, int w, int scale, int pad) {
        return new int[] {pad + col * (w * scale + pad) + x * scale, pad + row * (h * scale + pad) + y * scale};
    }

    @Test
    void constantCellsComeOutWhiteBlackGrayAndClampedAtTheRightPlaces() throws Exception {
        // 4 grayscale 3x3 images: 1.0, 0.0, 0.5, 2.0 (clamped to white); 2x2 grid, scale 2, padding 1
        INDArray images = Nd4j.create(DataType.FLOAT, 4, 1, 3, 3);
        images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(1.0);
        images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(2)).assign(0.5);
        images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(3)).assign(2.0);
        Path png = dir.resolve("sub/grid.png");
        ImageGrid.of(images).scale(2).padding(1).writePng(png);
        BufferedImage img = ImageProbe.read(png);
        assertEquals(2 * 6 + 3, img.getWidth());
        assertEquals(2 * 6 + 3, img.getHeight());
        int[][] expected = {{255, 255, 255}, {0, 0, 0}, {128, 128, 128}, {255, 255, 255}};
        for (int i = 0; i < 4; i++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    int[] p = at(i / 2, i % 2, y, x, 3, 3, 2, 1);
                    for (int d = 0; d < 2; d++) {
                        assertArrayEquals(expected[i], ImageProbe.rgb(img, p[0] + d, p[1] + d), "cell " + i);
                    }
                }
            }
        }
        assertEquals(ImageGrid.PADDING_RGB, img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(ImageGrid.PADDING_RGB, img.getRGB(7, 3) & 0xFFFFFF); // gap between the two columns
    }

    @Test
    void flatRowsAreRowMajorAndNotTransposed() throws Exception {
        // one 2x3 image whose pixel (y, x) holds (3y + x) / 5; MINUS_ONE_ONE range checks the mapping too
        int h = 2, w = 3;
        float[] px = new float[h * w];
        for (int i = 0; i < px.length; i++) px[i] = i / 5f * 2f - 1f;
        Path png = dir.resolve("flat.png");
        ImageGrid.ofFlat(Nd4j.createFromArray(new float[][] {px}), h, w).range(PixelRange.MINUS_ONE_ONE)
                .scale(1).padding(0).writePng(png);
        BufferedImage img = ImageProbe.read(png);
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = (int) Math.round((3 * y + x) / 5.0 * 255);
                assertArrayEquals(new int[] {g, g, g}, ImageProbe.rgb(img, x, y), "pixel " + y + "," + x);
            }
        }
    }

    @Test
    void rgbChannelsAreChannelMajorAndNaNIsMagenta() throws Exception {
        // one 2x2 RGB image in [-1,1]: red everywhere, plus green at (y=0, x=1); a second image with a NaN
        float[] a = new float[3 * 4];
        java.util.Arrays.fill(a, -1f);
        for (int p = 0; p < 4; p++) a[p] = 1f;
        a[4 + 1] = 1f;
        float[] b = new float[3 * 4];
        b[2 * 4 + 3] = Float.NaN;
        Path png = dir.resolve("rgb.png");
        ImageGrid.ofFloats(new float[][] {a, b}, 2, 2).range(PixelRange.MINUS_ONE_ONE).columns(2).scale(1)
                .padding(0).writePng(png);
        BufferedImage img = ImageProbe.read(png);
        assertEquals(4, img.getWidth());
        assertEquals(2, img.getHeight());
        assertArrayEquals(new int[] {255, 0, 0}, ImageProbe.rgb(img, 0, 0));
        assertArrayEquals(new int[] {255, 255, 0}, ImageProbe.rgb(img, 1, 0));
        assertArrayEquals(new int[] {255, 0, 0}, ImageProbe.rgb(img, 1, 1));
        assertArrayEquals(new int[] {128, 128, 128}, ImageProbe.rgb(img, 2, 0)); // zeros in [-1,1]
        assertEquals(ImageGrid.NAN_RGB, img.getRGB(3, 1) & 0xFFFFFF);
    }

    @Test
    void layoutIsNearSquareOrFollowsGivenRowsAndColumns() {
        float[][] ten = new float[10][28 * 28];
        assertArrayEquals(new int[] {4, 3}, ImageGrid.ofFloats(ten, 28, 28).layout());
        assertArrayEquals(new int[] {5, 2}, ImageGrid.ofFloats(ten, 28, 28).columns(5).layout());
        assertArrayEquals(new int[] {2, 5}, ImageGrid.ofFloats(ten, 28, 28).rows(5).layout());
        assertArrayEquals(new int[] {1, 1}, ImageGrid.ofFloats(new float[1][4], 2, 2).layout());
        // both given: only the first rows*cols images are drawn
        BufferedImage img = ImageGrid.ofFloats(ten, 28, 28).rows(2).columns(3).scale(1).padding(0).render();
        assertEquals(3 * 28, img.getWidth());
        assertEquals(2 * 28, img.getHeight());
        assertEquals(2, ImageGrid.ofFloats(ten, 28, 28).effectiveScale()); // tiny MNIST images get enlarged
        assertEquals(1, ImageGrid.ofFloats(new float[1][64 * 64], 64, 64).effectiveScale());
    }

    @Test
    void badInputGivesClearUsageErrors() {
        assertMessage("[n, c, h, w]", () -> ImageGrid.of(Nd4j.create(DataType.FLOAT, 2, 784)));
        assertMessage("permute", () -> ImageGrid.of(Nd4j.create(DataType.FLOAT, 2, 28, 28, 1)));
        assertMessage("empty", () -> ImageGrid.of(Nd4j.create(DataType.FLOAT, 0, 1, 28, 28)));
        assertMessage("do not fit 28x28", () -> ImageGrid.ofFlat(Nd4j.create(DataType.FLOAT, 2, 700), 28, 28));
        assertMessage("no images", () -> ImageGrid.ofFloats(new float[0][], 28, 28));
        assertMessage("image 1 has 3 values", () -> ImageGrid.ofFloats(new float[][] {new float[4], new float[3]}, 2, 2));
        assertMessage("columns must be positive", () -> ImageGrid.ofFloats(new float[1][4], 2, 2).columns(0));
        assertMessage("c = 1 or 3", () -> ImageGrid.of(Nd4j.create(DataType.FLOAT, 1, 2, 4, 4)));
    }

    static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        UsageException e = assertThrows(UsageException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
