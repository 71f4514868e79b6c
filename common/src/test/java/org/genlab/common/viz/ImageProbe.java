package org.genlab.common.viz;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Reads written PNGs back and finds where a colour landed. */
final class ImageProbe {
    private ImageProbe() {
    }

    static BufferedImage read(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "not a readable PNG: " + png);
        return img;
    }

    static int[] rgb(BufferedImage img, int x, int y) {
        int p = img.getRGB(x, y);
        return new int[] {p >> 16 & 0xFF, p >> 8 & 0xFF, p & 0xFF};
    }

    /** Largest per-channel difference between the pixel and the colour. */
    static int distance(BufferedImage img, int x, int y, Color c) {
        int[] p = rgb(img, x, y);
        return Math.max(Math.abs(p[0] - c.getRed()), Math.max(Math.abs(p[1] - c.getGreen()),
                Math.abs(p[2] - c.getBlue())));
    }

    /** {mean x, mean y, count} of pixels within tol of the colour inside [x0, x1) x [y0, y1). */
    static double[] centroid(BufferedImage img, Color c, int tol, int x0, int y0, int x1, int y1) {
        double sx = 0, sy = 0;
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                if (distance(img, x, y, c) <= tol) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        return new double[] {n == 0 ? Double.NaN : sx / n, n == 0 ? Double.NaN : sy / n, n};
    }

    static double[] centroid(BufferedImage img, Color c, int tol) {
        return centroid(img, c, tol, 0, 0, img.getWidth(), img.getHeight());
    }

    static double luminance(int rgb) {
        return 0.2126 * (rgb >> 16 & 0xFF) + 0.7152 * (rgb >> 8 & 0xFF) + 0.0722 * (rgb & 0xFF);
    }
}
