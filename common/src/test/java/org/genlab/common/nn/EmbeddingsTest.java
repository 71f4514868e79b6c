package org.genlab.common.nn;

import org.genlab.common.UsageException;
import org.genlab.common.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Time embeddings (sinusoidal, Gaussian Fourier) and the token Embedding. */
class EmbeddingsTest {
    private static final double[] TIMES = {0.0, 1e-3, 0.37, 1.0, 17.5, 999.0};

    @Test
    void sinusoidalValues() {
        ModelGraph g = Graphs.doubleGraph(1);
        SinusoidalEmbedding emb = new SinusoidalEmbedding(8);
        INDArray out = Graphs.eval(g, emb.apply(g.sd().constant(Nd4j.createFromArray(TIMES))));
        assertArrayEquals(new long[]{TIMES.length, 8}, out.shape());
        for (int n = 0; n < TIMES.length; n++) {
            for (int i = 0; i < 4; i++) {
                double w = Math.pow(10000.0, -i / 4.0);
                assertEquals(Math.sin(TIMES[n] * w), out.getDouble(n, i), 1e-12);
                assertEquals(Math.cos(TIMES[n] * w), out.getDouble(n, 4 + i), 1e-12);
            }
        }
        assertEquals(1.0, emb.frequency(0), 0.0);
        assertThrows(UsageException.class, () -> new SinusoidalEmbedding(7));
    }

    @Test
    void sinusoidalGradientWrtTime() {
        ModelGraph g = Graphs.doubleGraph(2);
        SDVariable t = Graphs.input(g, "t", Nd4j.createFromArray(0.1, 0.5, 0.9));
        SDVariable y = new Linear(g.scope("fc"), 6, 2).apply(new SinusoidalEmbedding(6, 100).apply(t));
        GradCheck.projectionLoss(g, y, new long[]{3, 2}, 3, "loss");
        GradCheck.check(g, "loss", Map.of());
        GradCheck.checkInput(g, "loss", Map.of(), "t");
    }

    @Test
    void gaussianFourierUsesAFixedRandomBuffer() {
        ModelGraph g = Graphs.doubleGraph(3);
        GaussianFourierEmbedding emb = new GaussianFourierEmbedding(g.scope("temb"), 4000, 30.0);
        assertEquals(List.of(), g.paramNames());
        assertEquals(List.of("temb/W"), g.bufferNames());
        INDArray w = g.array("temb/W");
        assertArrayEquals(new long[]{1, 2000}, w.shape());
        // W ~ N(0, 30²): 2000 draws give the std within a few percent
        assertEquals(30.0, w.std(true).getDouble(0), 30.0 * 0.06);
        assertEquals(0.0, w.meanNumber().doubleValue(), 30.0 * 4 / Math.sqrt(2000));
        INDArray out = Graphs.eval(g, emb.apply(g.sd().constant(Nd4j.createFromArray(0.25, 0.8))));
        for (int n = 0; n < 2; n++) {
            double t = n == 0 ? 0.25 : 0.8;
            for (int i = 0; i < 2000; i += 97) {
                assertEquals(Math.sin(2 * Math.PI * t * w.getDouble(0, i)), out.getDouble(n, i), 1e-9);
                assertEquals(Math.cos(2 * Math.PI * t * w.getDouble(0, i)), out.getDouble(n, 2000 + i), 1e-9);
            }
        }
        // same seed, same features
        ModelGraph g2 = Graphs.doubleGraph(3);
        new GaussianFourierEmbedding(g2.scope("temb"), 4000, 30.0);
        assertTrue(w.equals(g2.array("temb/W")));
    }

    @Test
    void gaussianFourierGradientWrtTime() {
        ModelGraph g = Graphs.doubleGraph(4);
        SDVariable t = Graphs.input(g, "t", Nd4j.createFromArray(0.2, 0.6));
        SDVariable y = new Linear(g.scope("fc"), 6, 2).apply(new GaussianFourierEmbedding(g.scope("temb"), 6, 1.0).apply(t));
        GradCheck.projectionLoss(g, y, new long[]{2, 2}, 5, "loss");
        GradCheck.check(g, "loss", Map.of());
        GradCheck.checkInput(g, "loss", Map.of(), "t");
    }

    @Test
    void embeddingLooksUpRows() {
        ModelGraph g = Graphs.doubleGraph(5);
        Embedding emb = new Embedding(g.scope("emb"), 5, 3);
        INDArray ids = Nd4j.createFromArray(new int[][]{{4, 0, 0}, {2, 4, 1}});
        INDArray out = Graphs.eval(g, emb.apply(g.sd().constant(ids)));
        assertArrayEquals(new long[]{2, 3, 3}, out.shape());
        INDArray w = g.array("emb/W");
        for (int n = 0; n < 2; n++)
            for (int t = 0; t < 3; t++)
                for (int d = 0; d < 3; d++) assertEquals(w.getDouble(ids.getInt(n, t), d), out.getDouble(n, t, d), 0.0);
        INDArray flat = Graphs.eval(g, emb.apply(g.sd().constant(Nd4j.createFromArray(3, 1))));
        assertArrayEquals(new long[]{2, 3}, flat.shape());
        assertTrue(flat.getRow(0).equals(w.getRow(3)));
    }

    @Test
    void embeddingGradientsWithRepeatedIds() {
        // Repeated ids are exactly where SameDiff's gather backprop goes wrong (SameDiffPitfallsTest).
        ModelGraph g = Graphs.doubleGraph(6);
        SDVariable ids = g.sd().placeHolder("ids", DataType.INT32, -1, -1);
        Embedding emb = new Embedding(g.scope("emb"), 6, 3);
        SDVariable y = g.sd().math().tanh(emb.apply(ids));
        GradCheck.projectionLoss(g, y, new long[]{2, 4, 3}, 7, "loss");
        Map<String, INDArray> feeds = Map.of("ids", Nd4j.createFromArray(new int[][]{{0, 1, 1, 5}, {2, 0, 1, 0}}));
        GradCheck.check(g, "loss", feeds);
        // rows 3 and 4 are never used: their gradient is exactly zero
        INDArray grad = g.sd().calculateGradients(feeds, "emb/W").get("emb/W");
        assertEquals(0.0, grad.getRow(3).amaxNumber().doubleValue(), 0.0);
        assertEquals(0.0, grad.getRow(4).amaxNumber().doubleValue(), 0.0);
    }
}
