package org.genlab.common.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class ImageSetTest {
    @TempDir
    Path dir;

    private static ImageSet tiny() {
        // 3 images of 2×2: image i has pixel levels i*4 + j
        byte[] raw = new byte[12];
        for (int k = 0; k < 12; k++) raw[k] = (byte) (k * 20);
        return new ImageSet(raw, new int[]{1, 2, 0}, 2, 2, 255);
    }

    @Test
    void batchGathersRowsInOrderWithRequestedType() {
        ImageSet s = tiny();
        Batch b = s.batch(new int[]{2, 0}, DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, b.x().dataType());
        assertArrayEquals(new long[]{2, 4}, b.x().shape());
        assertArrayEquals(new int[]{0, 1}, b.labels());
        assertEquals(160 / 255.0, b.x().getDouble(0, 0), 1e-6);
        assertEquals(60 / 255.0, b.x().getDouble(1, 3), 1e-6);
        assertEquals(DataType.FLOAT, s.batch(new int[]{1}, DataType.FLOAT).x().dataType());
        assertEquals(DataType.HALF, s.batch(new int[]{1}, DataType.HALF).x().dataType());
    }

    @Test
    void meanPixelsAndSubsets() {
        ImageSet s = tiny();
        double expected = 0;
        for (int k = 0; k < 12; k++) expected += k * 20 / 255.0;
        assertEquals(expected / 12, s.meanPixel(), 1e-6);
        float[] all = s.pixels();
        double m = 0;
        for (float v : all) m += v;
        assertEquals(expected / 12, m / all.length, 1e-6);
        ImageSet sub = s.subset(new int[]{2});
        assertEquals(1, sub.size());
        assertEquals(0, sub.label(0));
        assertArrayEquals(s.image(2), sub.image(0));
        assertEquals(3, s.numClasses());
        assertEquals(2, s.head(2).size());
        assertArrayEquals(new long[]{3, 4}, s.features(DataType.FLOAT).shape());
    }

    @Test
    void digitsCsvIsScaledBySixteenAndSplitAtTheEnd() throws IOException {
        int n = 400;
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(dir.resolve(ImageLoaders.DIGITS_FILE))),
                StandardCharsets.US_ASCII)) {
            for (int i = 0; i < n; i++) {
                StringBuilder s = new StringBuilder();
                for (int j = 0; j < 64; j++) s.append((i + j) % 17).append(',');
                w.write(s.append(i % 10).append('\n').toString());
            }
        }
        ImageDataset d = ImageLoaders.digits(dir);
        assertEquals(n - ImageLoaders.DIGITS_TEST, d.train().size());
        assertEquals(ImageLoaders.DIGITS_TEST, d.test().size());
        assertEquals(8, d.height());
        assertEquals(16, d.train().levels());
        assertEquals(5 / 16f, d.train().pixel(2, 3), 1e-7);
        assertEquals(1f, d.train().pixel(0, 16), 1e-7);
        assertEquals((n - ImageLoaders.DIGITS_TEST) % 10, d.test().label(0));
    }
}
