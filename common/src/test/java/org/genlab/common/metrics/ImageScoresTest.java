package org.genlab.common.metrics;

import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Datasets;
import org.genlab.common.random.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * FID/KID on the real Fashion-MNIST feature classifier (trained once into the data dir's cache, ~1 min the first
 * time; cached afterwards). Skipped when Fashion-MNIST is not installed.
 */
class ImageScoresTest {
    private static final DataPaths PATHS = DataPaths.defaults();
    private static ImageScores scores;

    @BeforeAll
    static void load() {
        assumeTrue(Datasets.isInstalled(Datasets.FASHION_MNIST, PATHS),
                "fashion-mnist not installed in " + PATHS.dir(Datasets.FASHION_MNIST) + " (run: genlab data install fashion-mnist)");
        scores = ImageScores.forDataset(Datasets.FASHION_MNIST, PATHS, System.out);
    }

    @Test
    void classifierIsAccurate() {
        assertTrue(scores.testAccuracy() >= 0.85, "test accuracy " + scores.testAccuracy());
        assertEquals("fashion-mnist-clf-v1", scores.version());
        assertTrue(java.nio.file.Files.isRegularFile(ImageScores.cacheDir("fashion-mnist", PATHS).resolve("meta.json")));
    }

    @Test
    void realImagesScoreNearTheFloorAndNoiseFar() {
        int n = 1000;
        INDArray real = scores.testImages(n);
        INDArray noise = new Rng(5).uniform(DataType.FLOAT, 0, 1, n, 1, 28, 28);
        Score fidReal = scores.fid(real), fidNoise = scores.fid(noise);
        assertEquals(n, fidReal.n());
        assertTrue(fidReal.noiseFloor() > 0 && Double.isFinite(fidReal.noiseFloor()));
        // Test images against the test statistics: only the small-n bias, the same order as the train-vs-test floor.
        assertTrue(fidReal.value() < 2 * fidReal.noiseFloor(), fidReal.toString());
        assertTrue(fidNoise.value() > 50 * fidReal.noiseFloor(), fidNoise + " vs " + fidReal);
        Score kidReal = scores.kid(real), kidNoise = scores.kid(noise);
        assertTrue(kidNoise.value() > 100 * Math.abs(kidReal.value()), kidNoise + " vs " + kidReal);
        assertTrue(fidReal.toString().startsWith("FID ") && fidReal.toString().contains("(n=1000; train-vs-test floor "),
                fidReal.toString());
    }

    @Test
    void bothFidFormulasAgree() {
        INDArray blurred = scores.testImages(500).mul(0.6).addi(0.2);
        double[] both = scores.fidBothFormulas(blurred);
        assertTrue(both[0] > 1, "a visibly different set has a clear FID: " + both[0]);
        assertEquals(both[0], both[1], 1e-6 * both[0]);
        assertEquals(both[0], scores.fid(blurred).value(), 1e-9 * both[0]);
    }

    @Test
    void classHistogramOfTestImagesIsNearUniform() {
        double[] h = scores.classHistogram(scores.testImages(2000));
        double total = 0;
        for (double v : h) {
            total += v;
            assertEquals(0.1, v, 0.04);
        }
        assertEquals(1, total, 1e-9);
        double[] one = scores.classHistogram(scores.testImages(2000).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).repeat(0, 50));
        double max = 0;
        for (double v : one) max = Math.max(max, v);
        assertEquals(1, max, 1e-9, "one image repeated is one class");
    }
}
