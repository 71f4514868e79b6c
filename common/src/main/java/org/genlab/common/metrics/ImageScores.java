package org.genlab.common.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Datasets;
import org.genlab.common.data.ImageDataset;
import org.genlab.common.data.ImageSet;
import org.genlab.common.math.FrechetDistance;
import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * FID-style sample scores for 28×28 grey image sets (MNIST, Fashion-MNIST), on features of a classifier the project
 * trains itself (no pretrained Inception exists here, MATH.md §1.4 [INFER]): so the numbers are "FID-&lt;dataset&gt;clf",
 * comparable between runs of this project that use the same {@link #version()}, not with published FIDs.
 * <p>
 * The classifier ({@link FeatureClassifier}) is trained on the train split with a fixed seed on first use and cached
 * with the test split's feature statistics under {@code <data>/features/<dataset>-v1/} (weights.bin, test-stats.bin,
 * meta.json with version, seed, test accuracy and training time). Every score comes with its noise floor: the same
 * score between n train images (a fixed random subset) and the test split, so a generated set at or below the floor
 * is indistinguishable from real data at that n (FID is biased upwards at small n).
 */
public final class ImageScores {
    public static final String VERSION_TAG = "v1";
    static final long SEED = 20_240_601L;
    static final int EPOCHS = 6, BATCH = 128;
    static final double LR = 1e-3;
    /** KID subsets: subsets of min(1000, n) rows, as Bińkowski et al.; 10 subsets keep it under a second. */
    static final int KID_SUBSETS = 10, KID_SUBSET_SIZE = 1000;

    private final String dataset;
    private final FeatureClassifier net;
    private final ImageSet train;
    private final ImageSet test;
    private final FrechetDistance.Gaussian testStats;
    private final double testAccuracy;
    private final double trainSeconds;
    private INDArray testFeatures;
    private final Map<String, Double> floors = new HashMap<>();

    private ImageScores(String dataset, FeatureClassifier net, ImageSet train, ImageSet test,
                        FrechetDistance.Gaussian testStats, double testAccuracy, double trainSeconds) {
        this.dataset = dataset;
        this.net = net;
        this.train = train;
        this.test = test;
        this.testStats = testStats;
        this.testAccuracy = testAccuracy;
        this.trainSeconds = trainSeconds;
    }

    /**
     * Loads the cached feature classifier of {@code dataset} ("mnist" or "fashion-mnist"), training and caching it
     * first if absent (one line on {@code log}; ~1 min of CPU).
     */
    public static ImageScores forDataset(String dataset, DataPaths paths, PrintStream log) {
        if (!dataset.equals(Datasets.MNIST) && !dataset.equals(Datasets.FASHION_MNIST)) {
            throw new UsageException("image scores exist for mnist and fashion-mnist only, not '" + dataset + "'");
        }
        ImageDataset data = Datasets.images(dataset, paths);
        if (data.height() != 28 || data.width() != 28) {
            throw new UsageException(dataset + " images are " + data.height() + "x" + data.width() + ", expected 28x28");
        }
        Path dir = cacheDir(dataset, paths);
        try {
            if (!Files.isRegularFile(dir.resolve("meta.json"))) build(dataset, data, dir, log);
            return load(dataset, data, dir);
        } catch (IOException e) {
            throw new UsageException("cannot read or write the feature classifier cache " + dir + " (" + e + "); "
                    + "make it writable, or delete it to retrain, or point --data-dir / $GENLAB_DATA elsewhere");
        }
    }

    public static Path cacheDir(String dataset, DataPaths paths) {
        return paths.root().resolve("features").resolve(dataset + "-" + VERSION_TAG);
    }

    /** Trains into a fresh temporary directory and moves it into place, so a concurrent reader never sees half a cache. */
    private static void build(String dataset, ImageDataset data, Path dir, PrintStream log) throws IOException {
        log.println("training the " + dataset + " feature classifier for FID/KID (once, ~1 min; cached in " + dir + ")");
        FeatureClassifier net = new FeatureClassifier(SEED);
        double seconds = net.train(data.train(), EPOCHS, BATCH, LR, SEED);
        double acc = net.accuracy(data.test());
        INDArray f = net.featuresAndLogits(data.test().features(DataType.FLOAT))[0];
        FrechetDistance.Gaussian stats = FrechetDistance.fit(f.castTo(DataType.DOUBLE).toDoubleMatrix());
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
        net.save(tmp.resolve("weights.bin"));
        writeStats(tmp.resolve("test-stats.bin"), stats);
        ObjectNode meta = Config.JSON.createObjectNode();
        meta.put("version", dataset + "-clf-" + VERSION_TAG);
        meta.put("dataset", dataset);
        meta.put("architecture", FeatureClassifier.ARCH);
        meta.put("seed", SEED);
        meta.put("epochs", EPOCHS);
        meta.put("batch", BATCH);
        meta.put("lr", LR);
        meta.put("optimizer", "adam, cosine decay to 0");
        meta.put("test_accuracy", acc);
        meta.put("train_seconds", seconds);
        meta.put("train_images", data.train().size());
        meta.put("test_images", data.test().size());
        Files.writeString(tmp.resolve("meta.json"), Config.JSON.writeValueAsString(meta));
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            // Another process finished first: keep its cache, drop ours.
            for (String f2 : new String[]{"weights.bin", "test-stats.bin", "meta.json"}) Files.deleteIfExists(tmp.resolve(f2));
            Files.deleteIfExists(tmp);
            if (!Files.isRegularFile(dir.resolve("meta.json"))) throw raced;
        }
        log.printf(Locale.ROOT, "feature classifier: test accuracy %.4f, trained in %.0f s%n", acc, seconds);
    }

    private static ImageScores load(String dataset, ImageDataset data, Path dir) throws IOException {
        JsonNode meta = Config.JSON.readTree(dir.resolve("meta.json").toFile());
        FeatureClassifier net = new FeatureClassifier(meta.get("seed").asLong());
        net.load(dir.resolve("weights.bin"));
        FrechetDistance.Gaussian stats = readStats(dir.resolve("test-stats.bin"));
        return new ImageScores(dataset, net, data.train(), data.test(), stats, meta.get("test_accuracy").asDouble(),
                meta.get("train_seconds").asDouble());
    }

    /** FID between the images' features and the test split's cached statistics (v1 formula of MATH.md §1.4). */
    public Score fid(INDArray images) {
        int n = count(images);
        double v = FrechetDistance.w2Squared(FrechetDistance.fit(featureRows(images)), testStats);
        return new Score("FID", v, floor("FID", n), n);
    }

    /** KID (unbiased MMD², cubic kernel) between the images' features and the test split's features. */
    public Score kid(INDArray images) {
        int n = count(images);
        double v = Kid.kid(features(images), testFeatures(), KID_SUBSETS, KID_SUBSET_SIZE, SEED);
        return new Score("KID", v, floor("KID", n), n);
    }

    /** Fraction of the images the classifier assigns to each class (sample diversity; uniform is 0.1 each). */
    public double[] classHistogram(INDArray images) {
        INDArray logits = net.featuresAndLogits(rows(images))[1];
        int[] pred = FeatureClassifier.argmaxRows(logits);
        double[] h = new double[(int) FeatureClassifier.SIZES[FeatureClassifier.SIZES.length - 1]];
        for (int p : pred) h[p] += 1.0 / pred.length;
        return h;
    }

    /** e.g. "fashion-mnist-clf-v1". */
    public String version() {
        return dataset + "-clf-" + VERSION_TAG;
    }

    /** The classifier's accuracy on the test split. */
    public double testAccuracy() {
        return testAccuracy;
    }

    // ---- additions beyond the core API ----

    /** One line for reports: version, architecture, accuracy, training time. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: %s, seed %d, %d epochs Adam %.0e cosine, test accuracy %.4f, trained in %.0f s",
                version(), FeatureClassifier.ARCH, SEED, EPOCHS, LR, testAccuracy, trainSeconds);
    }

    public String dataset() {
        return dataset;
    }

    /** Penultimate-layer features [n, 128] of images [n,1,28,28] or [n,784] (values clipped to [0, 1]). */
    public INDArray features(INDArray images) {
        return net.featuresAndLogits(rows(images))[0];
    }

    /** FID by both formulas of MATH.md §1.4, {v1 symmetric, v2 product}: they must agree. */
    public double[] fidBothFormulas(INDArray images) {
        FrechetDistance.Gaussian g = FrechetDistance.fit(featureRows(images));
        return new double[]{
                FrechetDistance.w2SquaredSymmetric(g.mean(), g.cov(), testStats.mean(), testStats.cov()),
                FrechetDistance.w2SquaredProduct(g.mean(), g.cov(), testStats.mean(), testStats.cov())};
    }

    /** The cached Gaussian of the test split's features. */
    public FrechetDistance.Gaussian testStats() {
        return testStats;
    }

    /** n train images (a fixed random subset, as [n, 1, 28, 28]), the reference for the noise floor. */
    public INDArray trainImages(int n) {
        return subset(train, n, SEED + 1);
    }

    /** n test images (a fixed random subset, as [n, 1, 28, 28]). */
    public INDArray testImages(int n) {
        return subset(test, n, SEED + 2);
    }

    private static INDArray subset(ImageSet set, int n, long seed) {
        int m = Math.min(n, set.size());
        int[] perm = new Rng(seed).permutation(set.size());
        int[] idx = java.util.Arrays.copyOf(perm, m);
        return set.subset(idx).features(DataType.FLOAT).reshape(m, 1, 28, 28);
    }

    private synchronized double floor(String metric, int n) {
        return floors.computeIfAbsent(metric + "@" + n, k -> {
            INDArray real = trainImages(n);
            return metric.equals("FID")
                    ? FrechetDistance.w2Squared(FrechetDistance.fit(featureRows(real)), testStats)
                    : Kid.kid(features(real), testFeatures(), KID_SUBSETS, KID_SUBSET_SIZE, SEED);
        });
    }

    private synchronized INDArray testFeatures() {
        if (testFeatures == null) testFeatures = net.featuresAndLogits(test.features(DataType.FLOAT))[0];
        return testFeatures;
    }

    private double[][] featureRows(INDArray images) {
        return features(images).castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private static int count(INDArray images) {
        int n = (int) images.size(0);
        if (n < 2) throw new IllegalArgumentException("a score needs at least 2 images, got " + n);
        return n;
    }

    /** [n,1,28,28] or [n,784] → [n,784] float, clipped to [0, 1] (samplers may overshoot slightly). */
    private static INDArray rows(INDArray images) {
        long n = images.size(0);
        if (images.length() != n * 784 || !(images.rank() == 2 || images.rank() == 4)) {
            throw new IllegalArgumentException("expected images [n,1,28,28] or [n,784], got " + java.util.Arrays.toString(images.shape()));
        }
        INDArray r = images.castTo(DataType.FLOAT).reshape('c', n, 784);
        return org.nd4j.linalg.ops.transforms.Transforms.min(org.nd4j.linalg.ops.transforms.Transforms.max(r, 0.0, true), 1.0, false);
    }

    private static void writeStats(Path file, FrechetDistance.Gaussian g) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            int d = g.mean().length;
            out.writeInt(d);
            for (double v : g.mean()) out.writeDouble(v);
            for (double[] row : g.cov()) for (double v : row) out.writeDouble(v);
        }
    }

    private static FrechetDistance.Gaussian readStats(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int d = in.readInt();
            double[] mean = new double[d];
            for (int i = 0; i < d; i++) mean[i] = in.readDouble();
            double[][] cov = new double[d][d];
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) cov[i][j] = in.readDouble();
            return new FrechetDistance.Gaussian(mean, cov);
        }
    }
}
