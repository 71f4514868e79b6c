package org.genlab.common.data;

import org.genlab.common.UsageException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the installed image datasets from a directory (see DATA.md for sources). Use {@link Datasets#images} to
 * load by name with an "install it first" check; these methods take the directory itself.
 */
public final class ImageLoaders {
    /** The four IDX files of MNIST-format datasets; Fashion-MNIST ships them with a ".gz" suffix. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte", TRAIN_LABELS = "train-labels-idx1-ubyte",
            TEST_IMAGES = "t10k-images-idx3-ubyte", TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final String DIGITS_FILE = "digits.csv.gz";
    /** sklearn's train_test_split(test_size=0.2, shuffle=False) of the 1797 digits: no official split exists. */
    public static final int DIGITS_TEST = 360;

    private ImageLoaders() {
    }

    /** MNIST-format IDX files in {@code dir}, raw or gzip (with or without ".gz" in the name). */
    public static ImageDataset idxDataset(String name, Path dir) {
        return new ImageDataset(name,
                idxSplit(find(dir, TRAIN_IMAGES), find(dir, TRAIN_LABELS)),
                idxSplit(find(dir, TEST_IMAGES), find(dir, TEST_LABELS)));
    }

    /** Whether {@code dir} holds the four IDX files (raw or .gz). */
    public static boolean hasIdxFiles(Path dir) {
        for (String f : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            if (!Files.isRegularFile(dir.resolve(f)) && !Files.isRegularFile(dir.resolve(f + ".gz"))) return false;
        }
        return true;
    }

    private static Path find(Path dir, String base) {
        Path raw = dir.resolve(base);
        if (Files.isRegularFile(raw)) return raw;
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        throw new UsageException("missing " + raw + "(.gz); reinstall the dataset with genlab data install NAME");
    }

    private static ImageSet idxSplit(Path images, Path labels) {
        IdxReader.Images im = IdxReader.readImages(images);
        int[] lab = IdxReader.readLabels(labels);
        if (lab.length != im.count()) {
            throw new UsageException(images + " has " + im.count() + " images but " + labels + " has " + lab.length
                    + " labels; reinstall the dataset");
        }
        return new ImageSet(im.pixels(), lab, im.rows(), im.cols(), 255);
    }

    /**
     * sklearn's 8×8 digits (UCI optdigits test set): each CSV row is 64 pixel counts 0..16 then the label; pixels
     * are scaled by 1/16. The last {@link #DIGITS_TEST} rows are the test split.
     */
    public static ImageDataset digits(Path dir) {
        Path file = dir.resolve(DIGITS_FILE);
        List<byte[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.US_ASCII))) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                if (f.length != 65) {
                    throw new UsageException(file + " line " + lineNo + " has " + f.length + " fields, expected 65 "
                            + "(64 pixels then the label); reinstall with genlab data install digits");
                }
                byte[] px = new byte[64];
                for (int j = 0; j < 64; j++) {
                    int v = parseInt(f[j], file, lineNo);
                    if (v < 0 || v > 16) throw new UsageException(file + " line " + lineNo + ": pixel " + v + " outside 0..16");
                    px[j] = (byte) v;
                }
                rows.add(px);
                labels.add(parseInt(f[64], file, lineNo));
            }
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + " (" + e.getMessage() + "); run: genlab data install digits");
        }
        int n = rows.size();
        if (n <= DIGITS_TEST) throw new UsageException(file + " has only " + n + " rows; reinstall with genlab data install digits");
        int nTrain = n - DIGITS_TEST;
        return new ImageDataset("digits", pack(rows, labels, 0, nTrain), pack(rows, labels, nTrain, n));
    }

    private static int parseInt(String s, Path file, int lineNo) {
        try {
            return (int) Math.round(Double.parseDouble(s.trim()));
        } catch (NumberFormatException e) {
            throw new UsageException(file + " line " + lineNo + ": '" + s + "' is not a number");
        }
    }

    private static ImageSet pack(List<byte[]> rows, List<Integer> labels, int from, int to) {
        byte[] raw = new byte[(to - from) * 64];
        int[] lab = new int[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(rows.get(i), 0, raw, (i - from) * 64, 64);
            lab[i - from] = labels.get(i);
        }
        return new ImageSet(raw, lab, 8, 8, 16);
    }
}
