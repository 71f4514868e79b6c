package org.genlab.experiments.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradient averaging over Spark partitions is exact for a mean loss over equal shards: three data-parallel Adam steps
 * on local[2] land on the same parameters as three whole-batch steps in one thread.
 */
class DataParallelTrainerTest {
    @Test
    void sparkDataParallelStepsEqualWholeBatchSteps() {
        long[] sizes = {6, 16, 6};
        DataParallelTrainer local = new DataParallelTrainer(sizes, 2, 8, 1e-2, 3);
        DataParallelTrainer dp = new DataParallelTrainer(sizes, 2, 8, 1e-2, 3);
        float[][] start = copy(local.params());
        try (JavaSparkContext sc = SparkContexts.open("local[2]", "test")) {
            for (int s = 0; s < 3; s++) {
                local.stepLocal(s);
                DataParallelTrainer.StepTiming t = dp.stepSpark(sc, s);
                assertTrue(t.total() >= t.job() && t.job() > 0, t.toString());
            }
        }
        double maxDiff = 0, moved = 0;
        for (int i = 0; i < start.length; i++) {
            for (int j = 0; j < start[i].length; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(local.params()[i][j] - dp.params()[i][j]));
                moved = Math.max(moved, Math.abs(local.params()[i][j] - start[i][j]));
            }
        }
        assertTrue(moved > 1e-2, "3 Adam steps at lr 1e-2 move some weight by ~3e-2, moved " + moved);
        assertEquals(0, maxDiff, 1e-5, "data-parallel and whole-batch parameters differ by " + maxDiff);
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
