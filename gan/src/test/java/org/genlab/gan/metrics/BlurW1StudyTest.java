package org.genlab.gan.metrics;

import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Datasets;
import org.genlab.common.data.ImageSet;
import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blurry-mean / k-means minibatch W₁ study (MATH.md §5.5) on synthetic data with a known answer, k-means on
 * separated clusters, and (skipped when MNIST is not installed) the real-data claim.
 */
class BlurW1StudyTest {

    @Test
    void kMeansFindsSeparatedClusters() {
        Rng r = new Rng(1);
        double[][] x = new double[90][2];
        double[][] centres = {{0, 0}, {10, 0}, {0, 10}};
        for (int i = 0; i < 90; i++) {
            x[i][0] = centres[i % 3][0] + 0.1 * r.nextGaussian();
            x[i][1] = centres[i % 3][1] + 0.1 * r.nextGaussian();
        }
        KMeans km = KMeans.fit(x, 3, r, 100);
        for (int i = 0; i < 90; i++) assertEquals(km.assignment()[i % 3], km.assignment()[i], "same cluster as its kind");
        assertTrue(km.inertia(x) < 0.05, "inertia " + km.inertia(x));
        assertTrue(KMeans.fit(x, 1, r, 100).inertia(x) > 10 * km.inertia(x));
    }

    @Test
    void isotropicGaussianBatchesAreRoot2FartherApartThanFromTheirMean() {
        // x ~ N(0, I_d) with d = 200: ‖x − x'‖ ≈ √(2d) and ‖x − mean‖ ≈ √d, so W(B1, B2) / W(B1, mean) ≈ √2.
        int d = 200;
        Rng gen = new Rng(2);
        double[][] data = new double[400][d];
        for (double[] row : data) for (int t = 0; t < d; t++) row[t] = gen.nextGaussian();
        BlurW1Study.Result r = BlurW1Study.run(data.length, i -> data[i].clone(), new BlurW1Study.Options(32, 4, 5, 400), new Rng(3));
        double ratio = r.realVsReal().mean() / r.batchMean().mean();
        assertTrue(ratio > 1.3 && ratio < 1.45, "ratio " + ratio + " should be near √2");
        assertTrue(r.batchKMeans().mean() <= r.batchMean().mean() + 1e-9, "more centres fit the batch at least as well");
        assertTrue(r.dataMean().mean() > r.batchMean().mean() * 0.98, "the pool mean is no closer than the batch's own mean");
        assertTrue(r.realVsReal().sd() >= 0 && r.realVsReal().sd() < 0.1 * r.realVsReal().mean());
    }

    @Test
    void onMnistABlurryMeanIsCloserToARealBatchThanAnotherRealBatch() {
        DataPaths paths = DataPaths.defaults();
        Assumptions.assumeTrue(Datasets.isInstalled(Datasets.MNIST, paths),
                "MNIST is not installed (genlab data install mnist); skipping the real-data W1 study");
        ImageSet test = Datasets.images(Datasets.MNIST, paths).test();
        BlurW1Study.Result r = BlurW1Study.run(test.size(), i -> {
            float[] f = test.image(i);
            double[] out = new double[f.length];
            for (int j = 0; j < f.length; j++) out[j] = f[j];
            return out;
        }, new BlurW1Study.Options(64, 10, 5, 2000), new Rng(4));
        System.out.printf("MNIST W1 study (n=64, k=10, 5 trials): B1-B2 %s, B1-batch mean %s, B1-batch k-means %s, "
                + "B1-data mean %s, B1-data k-means %s%n", r.realVsReal(), r.batchMean(), r.batchKMeans(), r.dataMean(), r.dataKMeans());
        assertTrue(r.batchMean().mean() < r.realVsReal().mean(), "Su/Stanczuk: the blurry batch mean is closer than B2");
        assertTrue(r.batchKMeans().mean() < r.realVsReal().mean(), "k-means centres are closer than B2");
    }
}
