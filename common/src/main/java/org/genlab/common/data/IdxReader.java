package org.genlab.common.data;

import org.genlab.common.UsageException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (LeCun's MNIST format): unsigned-byte images (idx3) and labels (idx1). Gzip is detected by its
 * magic bytes, not by the file name, because the same files ship compressed (Debian) and raw (npm). Every header
 * field and the data length are checked, so a truncated download fails with a message instead of bad data.
 */
public final class IdxReader {
    /** IDX type code for unsigned bytes, the only type the image datasets use. */
    private static final int UBYTE = 0x08;

    private IdxReader() {
    }

    /** Images as raw unsigned bytes, row-major: pixel (i, r, c) is {@code pixels[(i·rows + r)·cols + c] & 0xFF}. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    public static Images readImages(Path file) {
        byte[] b = readMaybeGzip(file);
        int[] dims = header(file, b, 3);
        return new Images(dims[0], dims[1], dims[2], payload(file, b, 3, dims));
    }

    public static int[] readLabels(Path file) {
        byte[] b = readMaybeGzip(file);
        int[] dims = header(file, b, 1);
        byte[] raw = payload(file, b, 1, dims);
        int[] labels = new int[raw.length];
        for (int i = 0; i < raw.length; i++) labels[i] = raw[i] & 0xFF;
        return labels;
    }

    /** The file's bytes, gunzipped if they start with the gzip magic 1f 8b. */
    static byte[] readMaybeGzip(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("missing data file " + file + "; reinstall the dataset with genlab data install NAME");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b), 1 << 16)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UsageException(file + " is a truncated or corrupt gzip file (" + e.getMessage()
                        + "); delete it and reinstall the dataset");
            }
        }
        return b;
    }

    private static int[] header(Path file, byte[] b, int ndims) {
        String kind = ndims == 3 ? "IDX image file (idx3)" : "IDX label file (idx1)";
        if (b.length < 4) throw new UsageException(file + " is truncated: " + b.length + " bytes, not even an IDX header");
        if (b[0] != 0 || b[1] != 0) {
            throw new UsageException(file + " is not an IDX file (magic bytes " + hex(b, 4) + ", expected 00 00 08 0"
                    + ndims + ")");
        }
        if ((b[2] & 0xFF) != UBYTE) {
            throw new UsageException(file + ": IDX element type 0x" + Integer.toHexString(b[2] & 0xFF)
                    + " is not supported; expected 0x08 (unsigned byte)");
        }
        if (b[3] != ndims) {
            throw new UsageException(file + " has " + b[3] + " dimensions, expected an " + kind + " with " + ndims);
        }
        if (b.length < 4 + 4 * ndims) {
            throw new UsageException(file + " is truncated inside its header (" + b.length + " bytes)");
        }
        int[] dims = new int[ndims];
        for (int d = 0; d < ndims; d++) {
            int off = 4 + 4 * d;
            dims[d] = ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
            if (dims[d] <= 0) throw new UsageException(file + ": dimension " + d + " is " + dims[d] + ", must be positive");
        }
        return dims;
    }

    private static byte[] payload(Path file, byte[] b, int ndims, int[] dims) {
        long expected = 1;
        StringBuilder shape = new StringBuilder();
        for (int d : dims) {
            expected *= d;
            shape.append(shape.length() == 0 ? "" : "×").append(d);
        }
        int start = 4 + 4 * ndims;
        long actual = b.length - start;
        if (actual < expected) {
            throw new UsageException(file + " is truncated: its header says " + shape + " = " + expected
                    + " bytes of data but only " + actual + " are present; delete it and reinstall the dataset");
        }
        if (actual > expected) {
            throw new UsageException(file + " has " + (actual - expected) + " bytes after the " + shape
                    + " data its header announces; the file is corrupt");
        }
        byte[] out = new byte[(int) expected];
        System.arraycopy(b, start, out, 0, out.length);
        return out;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) s.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xFF));
        return s.toString();
    }
}
