package org.genlab.common.data;

import org.genlab.common.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file with the given dims and data, as LeCun's format defines it. */
    static byte[] idx(int ndims, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * ndims + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) ndims);
        for (int d : dims) b.putInt(d);
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(raw);
        }
        return out.toByteArray();
    }

    static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) p[i] = (byte) (i * 37 % 256);
        return p;
    }

    @Test
    void readsRawAndGzipByMagicNotName() throws IOException {
        byte[] px = pixels(3 * 4 * 5);
        byte[] file = idx(3, new int[]{3, 4, 5}, px);
        // Names deliberately lie: detection must use the magic bytes.
        Path raw = Files.write(dir.resolve("images.gz"), file);
        Path gz = Files.write(dir.resolve("images.raw"), gzip(file));
        for (Path p : new Path[]{raw, gz}) {
            IdxReader.Images im = IdxReader.readImages(p);
            assertEquals(3, im.count());
            assertEquals(4, im.rows());
            assertEquals(5, im.cols());
            assertArrayEquals(px, im.pixels());
        }
        byte[] lab = {5, 0, 4, (byte) 200};
        Path labels = Files.write(dir.resolve("labels"), gzip(idx(1, new int[]{4}, lab)));
        assertArrayEquals(new int[]{5, 0, 4, 200}, IdxReader.readLabels(labels)); // unsigned
    }

    @Test
    void truncatedRawFileSaysHowMuchIsMissing() throws IOException {
        byte[] file = idx(3, new int[]{10, 28, 28}, pixels(10 * 784));
        Path p = Files.write(dir.resolve("t"), Arrays.copyOf(file, file.length - 100));
        UsageException e = assertThrows(UsageException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("10×28×28 = 7840"), e.getMessage());
        assertTrue(e.getMessage().contains("only 7740"), e.getMessage());
    }

    @Test
    void truncatedGzipIsAClearError() throws IOException {
        byte[] gz = gzip(idx(3, new int[]{10, 28, 28}, pixels(10 * 784)));
        Path p = Files.write(dir.resolve("t.gz"), Arrays.copyOf(gz, gz.length / 2));
        UsageException e = assertThrows(UsageException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().contains("truncated or corrupt gzip"), e.getMessage());
    }

    @Test
    void truncatedHeaderAndBadMagicAndWrongRank() throws IOException {
        Path tiny = Files.write(dir.resolve("tiny"), new byte[]{0, 0});
        assertTrue(assertThrows(UsageException.class, () -> IdxReader.readImages(tiny)).getMessage().contains("truncated"));
        Path half = Files.write(dir.resolve("half"), Arrays.copyOf(idx(3, new int[]{1, 2, 2}, pixels(4)), 9));
        assertTrue(assertThrows(UsageException.class, () -> IdxReader.readImages(half)).getMessage().contains("header"));
        Path png = Files.write(dir.resolve("png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
        assertTrue(assertThrows(UsageException.class, () -> IdxReader.readImages(png)).getMessage().contains("not an IDX file"));
        Path labels = Files.write(dir.resolve("labels"), idx(1, new int[]{4}, new byte[4]));
        UsageException e = assertThrows(UsageException.class, () -> IdxReader.readImages(labels));
        assertTrue(e.getMessage().contains("1 dimensions"), e.getMessage());
        Path extra = Files.write(dir.resolve("extra"), Arrays.copyOf(idx(1, new int[]{4}, new byte[4]), 4 + 4 + 6));
        assertTrue(assertThrows(UsageException.class, () -> IdxReader.readLabels(extra)).getMessage().contains("2 bytes after"));
        Path missing = dir.resolve("nope");
        assertTrue(assertThrows(UsageException.class, () -> IdxReader.readLabels(missing)).getMessage().contains("missing"));
    }

    @Test
    void idxDatasetPairsImagesWithLabelsAndScalesTo01() throws IOException {
        byte[] px = new byte[2 * 4];
        px[0] = (byte) 255;
        px[5] = (byte) 51;
        Files.write(dir.resolve(ImageLoaders.TRAIN_IMAGES), idx(3, new int[]{2, 2, 2}, px));
        Files.write(dir.resolve(ImageLoaders.TRAIN_LABELS + ".gz"), gzip(idx(1, new int[]{2}, new byte[]{7, 3})));
        Files.write(dir.resolve(ImageLoaders.TEST_IMAGES), idx(3, new int[]{1, 2, 2}, new byte[4]));
        Files.write(dir.resolve(ImageLoaders.TEST_LABELS), idx(1, new int[]{2}, new byte[2])); // 2 labels, 1 image
        assertTrue(ImageLoaders.hasIdxFiles(dir));
        UsageException e = assertThrows(UsageException.class, () -> ImageLoaders.idxDataset("x", dir));
        assertTrue(e.getMessage().contains("1 images but"), e.getMessage());
        Files.write(dir.resolve(ImageLoaders.TEST_LABELS), idx(1, new int[]{1}, new byte[1]));
        ImageDataset d = ImageLoaders.idxDataset("x", dir);
        assertEquals(2, d.train().size());
        assertEquals(1f, d.train().pixel(0, 0));
        assertEquals(0.2f, d.train().pixel(1, 1), 1e-7);
        assertArrayEquals(new int[]{7, 3}, d.train().labels());
    }
}
