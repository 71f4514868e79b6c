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
        double[] p0 = {1.0, -2.0};
        double[][] gs = {{0.5, -0.25}, {-0.5, 0.75}, {0.1, 0.2}};
        double[] m = new double[2], v = new double[2];
        for (int t = 1; t <= gs.length; t++) {
            adam.update(Map.of("p", p), Map.of("p", Nd4j.createFromArray(gs[t - 1])), 0.1);
            double bc1 = 1 - Math.pow(0.9, t), bc2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < 2; i++) {
                m[i] = 0.9 * m[i] + 0.1 * gs[t - 1][i];
                v[i] = 0.999 * v[i] + 0.001 * gs[t - 1][i] * gs[t - 1][i];
                // Fused-op form: (lr·√bc2/bc1)·m/(√v + ε)
                p0[i] -= 0.1 * Math.sqrt(bc2) / bc1 * m[i] / (Math.sqrt(v[i]) + 1e-8);
                assertEquals(p0[i], p.getDouble(i), 1e-12, "step " + t + " element " + i);
            }
        }
        // Step 1 moves each weight by lr·sign(g) up to ε: the bias correction works.
        assertEquals(3, adam.updates());
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
