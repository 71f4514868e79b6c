package org.genlab.common.train;

import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ScheduleAndOptimizerTest {

    @Test
    void warmupRampsLinearlyThenCosineReachesMin() {
        LrSchedule s = new LrSchedule("cosine", 1.0, 10, 110, 0.1, 0, 1);
        assertEquals(0.1, s.at(0), 1e-12);
        assertEquals(0.5, s.at(4), 1e-12);
        assertEquals(1.0, s.at(10), 1e-12);
        assertEquals(0.55, s.at(60), 1e-12);
        assertEquals(0.1, s.at(110), 1e-12);
        LrSchedule st = new LrSchedule("step", 1.0, 0, 100, 0, 30, 0.5);
        assertEquals(1.0, st.at(29), 0);
        assertEquals(0.5, st.at(30), 0);
        assertEquals(0.25, st.at(60), 0);
    }

    @Test
    void adamMatchesTheHandComputedUpdate() {
        Adam adam = new Adam("opt", 0.9, 0.999, 1e-8, 0);
        INDArray p = Nd4j.createFromArray(1.0, -2.0);
        INDArray g1 = Nd4j.createFromArray(0.5, -0.25);
        adam.update(Map.of("p", p), Map.of("p", g1.dup()), 0.1);
        // Step 1: m̂ = g, v̂ = g², so the update is lr·g/(|g| + eps) = ±0.1.
        assertEquals(0.9, p.getDouble(0), 1e-7);
        assertEquals(-1.9, p.getDouble(1), 1e-7);
        INDArray g2 = Nd4j.createFromArray(-0.5, 0.75);
        adam.update(Map.of("p", p), Map.of("p", g2.dup()), 0.1);
        double[] gA = {0.5, -0.25}, gB = {-0.5, 0.75}, p0 = {0.9, -1.9};
        for (int i = 0; i < 2; i++) {
            double m = 0.9 * 0.1 * gA[i] + 0.1 * gB[i];
            double v = 0.999 * 0.001 * gA[i] * gA[i] + 0.001 * gB[i] * gB[i];
            double mh = m / (1 - 0.81), vh = v / (1 - 0.999 * 0.999);
            assertEquals(p0[i] - 0.1 * mh / (Math.sqrt(vh) + 1e-8), p.getDouble(i), 1e-7);
        }
    }

    @Test
    void rmspropAndSgdMomentumMatchTheirDefinitions() {
        RmsProp r = new RmsProp("o", 0.99, 1e-8);
        INDArray p = Nd4j.createFromArray(1.0);
        r.update(Map.of("p", p), Map.of("p", Nd4j.createFromArray(2.0)), 0.01);
        assertEquals(1.0 - 0.01 * 2.0 / (Math.sqrt(0.01 * 4.0) + 1e-8), p.getDouble(0), 1e-12);
        Sgd s = new Sgd("o", 0.9, 0);
        INDArray q = Nd4j.createFromArray(0.0);
        s.update(Map.of("q", q), Map.of("q", Nd4j.createFromArray(1.0)), 0.1);
        s.update(Map.of("q", q), Map.of("q", Nd4j.createFromArray(1.0)), 0.1);
        assertEquals(-0.1 - 0.1 * 1.9, q.getDouble(0), 1e-12);
    }

    @Test
    void clippingScalesToTheMaximumGlobalNorm() {
        INDArray a = Nd4j.createFromArray(3.0, 0.0), b = Nd4j.createFromArray(4.0);
        double n = GradClip.clip(List.of(a, b), 1.0);
        assertEquals(5.0, n, 1e-12);
        assertEquals(1.0, GradClip.globalNorm(List.of(a, b)), 1e-5);
    }

    @Test
    void badTrainConfigValuesAreRejectedWithTheKeyName() {
        Config c = Config.of(TrainConfig.defaults());
        c.set("train.lr", "-1");
        UsageException e = assertThrows(UsageException.class, () -> TrainConfig.from(c));
        assertTrue(e.getMessage().contains("train.lr"), e.getMessage());
        Config d = Config.of(TrainConfig.defaults());
        UsageException e2 = assertThrows(UsageException.class, () -> d.set("train.optimiser", "adam"));
        assertTrue(e2.getMessage().contains("unknown config key 'train.optimiser'"), e2.getMessage());
        UsageException e3 = assertThrows(UsageException.class, () -> d.set("steps", "12.5"));
        assertTrue(e3.getMessage().contains("integer"), e3.getMessage());
        d.set("train.optimizer", "adagrad");
        UsageException e4 = assertThrows(UsageException.class, () -> TrainConfig.from(d));
        assertTrue(e4.getMessage().contains("adam, adamw, rmsprop, sgd"), e4.getMessage());
    }
}
