package org.genlab.common.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Loader checks against the real installed files (DATA.md facts); skipped when a dataset is not installed. */
class RealImageDataTest {
    private static final DataPaths PATHS = DataPaths.defaults();

    static void assumeInstalled(String name) {
        assumeTrue(Datasets.isInstalled(name, PATHS),
                name + " not installed in " + PATHS.dir(name) + " (run: genlab data install " + name + ")");
    }

    private static double std(ImageSet s, double mean) {
        double ss = 0;
        int d = s.dim();
        for (int i = 0; i < s.size(); i++) for (int j = 0; j < d; j++) {
            double v = s.pixel(i, j) - mean;
            ss += v * v;
        }
        return Math.sqrt(ss / ((double) s.size() * d));
    }

    @Test
    void mnist() {
        assumeInstalled(Datasets.MNIST);
        long t0 = System.nanoTime();
        ImageDataset d = Datasets.images(Datasets.MNIST, PATHS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(60_000, d.train().size());
        assertEquals(10_000, d.test().size());
        assertEquals(28, d.height());
        assertEquals(28, d.width());
        assertEquals(10, d.numClasses());
        assertArrayEquals(new int[]{5, 0, 4, 1, 9}, java.util.Arrays.copyOf(d.train().labels(), 5));
        double mean = d.train().meanPixel();
        assertEquals(0.1307, mean, 5e-4);
        assertEquals(0.3081, std(d.train(), mean), 5e-4);
        Batch b = d.train().batch(new int[]{0, 1}, DataType.FLOAT);
        assertArrayEquals(new long[]{2, 784}, b.x().shape());
        assertEquals(1.0, b.x().maxNumber().doubleValue(), 1e-6);
        System.out.printf("MNIST loaded in %.2f s, mean %.4f%n", seconds, mean);
        assertTrue(seconds < 5, "loading MNIST took " + seconds + " s");
    }

    @Test
    void fashionMnist() {
        assumeInstalled(Datasets.FASHION_MNIST);
        ImageDataset d = Datasets.images(Datasets.FASHION_MNIST, PATHS);
        assertEquals(60_000, d.train().size());
        assertEquals(10_000, d.test().size());
        assertEquals(784, d.dim());
        // ankle boot, T-shirt, T-shirt, dress, T-shirt
        assertArrayEquals(new int[]{9, 0, 0, 3, 0}, java.util.Arrays.copyOf(d.train().labels(), 5));
        double mean = d.train().meanPixel();
        assertEquals(0.2860, mean, 5e-4);
        assertEquals(0.3530, std(d.train(), mean), 5e-4);
    }

    @Test
    void digits() {
        assumeInstalled(Datasets.DIGITS);
        ImageDataset d = Datasets.images(Datasets.DIGITS, PATHS);
        assertEquals(1797, d.train().size() + d.test().size());
        assertEquals(360, d.test().size());
        assertEquals(64, d.dim());
        assertEquals(10, d.numClasses());
        assertEquals(0, d.train().label(0)); // sklearn's first digit is a 0
        assertEquals(1, d.train().label(1));
        // first row of digits.csv: 0,0,5,13,9,1,0,0,...
        assertEquals(5 / 16f, d.train().pixel(0, 2), 1e-7);
        assertEquals(13 / 16f, d.train().pixel(0, 3), 1e-7);
        float max = 0;
        for (float v : d.train().pixels()) max = Math.max(max, v);
        assertEquals(1f, max);
    }
}
