package org.genlab.diffusion.nn;

import org.genlab.common.UsageException;
import org.genlab.common.nn.GaussianFourierEmbedding;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.nn.SinusoidalEmbedding;
import org.genlab.common.random.Rng;
import org.genlab.common.testing.GradCheck;
import org.genlab.diffusion.loss.DsmLoss;
import org.genlab.diffusion.loss.ScoreNetwork;
import org.genlab.diffusion.sde.Sde;
import org.genlab.diffusion.sde.VeSde;
import org.genlab.diffusion.sde.VpSde;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Score networks inside the DSM loss: parameter gradients against finite differences (double) for the MLP with either
 * time embedding and for a small U-Net; the Java-computed time features against common.nn's graph embeddings; the
 * time-input pairing of MATH.md §4.4; shape errors as usage errors.
 */
class ScoreNetsTest {
    private static void gradCheck(NetSpec spec, Sde sde, GradCheck.Options o, long... shape) {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(3));
        ScoreNetwork net = spec.build(g.scope("score"), sde, shape);
        DsmLoss loss = DsmLoss.builder(g.sd(), sde, net, shape).output(DsmLoss.Output.EPSILON).dtype(DataType.DOUBLE).build();
        long[] batch = new long[shape.length + 1];
        batch[0] = 3;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        Map<String, INDArray> feeds = loss.feeds(new Rng(4).gaussian(DataType.DOUBLE, batch), new Rng(5));
        GradCheck.check(g, loss.loss().name(), feeds, o);
    }

    @Test
    void mlpParameterGradientsMatchFiniteDifferences() {
        gradCheck(new NetSpec("mlp", new long[]{8, 8}, new long[0], 6, "sinusoidal", 4, 8), new VpSde(), GradCheck.Options.defaults(), 2);
        gradCheck(new NetSpec("mlp", new long[]{8}, new long[0], 6, "fourier", 4, 8), new VeSde(0.01, 3, 1000), GradCheck.Options.defaults(), 2);
    }

    @Test
    void unetParameterGradientsMatchFiniteDifferences() {
        // the U-Net blocks are checked element by element in common; here a few elements of each parameter suffice
        gradCheck(new NetSpec("unet", new long[0], new long[]{4, 8}, 8, "auto", 4, 2), new VpSde(),
                GradCheck.Options.defaults().withSampling(8, 4), 1, 4, 4);
    }

    @Test
    void javaTimeFeaturesEqualTheGraphEmbeddings() {
        double[] t = {1e-5, 0.01, 0.37, 1.0};
        INDArray tv = Nd4j.createFromArray(t);
        // sinusoidal of 999 t, as common.nn.SinusoidalEmbedding computes it in the graph
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(1));
        TimeConditioning sin = new TimeConditioning(g.scope("a"), new VpSde(), TimeConditioning.Kind.SINUSOIDAL, 16, 1);
        SameDiff sd = SameDiff.create();
        SDVariable tp = sd.placeHolder("t", DataType.DOUBLE, -1);
        SDVariable e = new SinusoidalEmbedding(16).apply(tp.mul(999.0));
        INDArray expected = sd.output(Map.of("t", tv), e.name()).get(e.name());
        assertTrue(sin.features(t).equalsWithEps(expected, 1e-9), sin.features(t) + " vs " + expected);
        // A float network gets the same values, rounded to float (its own bulk-copy path).
        TimeConditioning sinF = new TimeConditioning(new ModelGraph(DataType.FLOAT, new Rng(1)).scope("a"), new VpSde(),
                TimeConditioning.Kind.SINUSOIDAL, 16, 1);
        INDArray fl = sinF.features(t);
        assertEquals(DataType.FLOAT, fl.dataType());
        assertEquals(0.0, fl.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue(), 1e-6);
        INDArray flSame = sinF.features(new double[]{0.37, 0.37});
        assertEquals(0.0, flSame.getRow(1).castTo(DataType.DOUBLE).sub(expected.getRow(2)).amaxNumber().doubleValue(), 1e-6);
        // Fourier of log σ(t) with the same W buffer as common.nn.GaussianFourierEmbedding
        VeSde ve = new VeSde(0.01, 5, 1000);
        ModelGraph g2 = new ModelGraph(DataType.DOUBLE, new Rng(2));
        TimeConditioning four = new TimeConditioning(g2.scope("b"), ve, TimeConditioning.Kind.FOURIER, 16, 16);
        ModelGraph g3 = new ModelGraph(DataType.DOUBLE, new Rng(2));
        GaussianFourierEmbedding ref = new GaussianFourierEmbedding(g3.scope("b").child("fourier"), 16, 16);
        SDVariable tp3 = g3.sd().placeHolder("t", DataType.DOUBLE, -1);
        SDVariable e3 = ref.apply(tp3.mul(Math.log(5 / 0.01)).add(Math.log(0.01)));
        INDArray expected3 = g3.sd().output(Map.of("t", tv), e3.name()).get(e3.name());
        assertTrue(four.features(t).equalsWithEps(expected3, 1e-9));
        // One time for a whole batch (what samplers pass) takes a shortcut: each row equals the single-time row.
        INDArray same = four.features(new double[]{0.37, 0.37, 0.37});
        assertArrayEquals(new long[]{3, 16}, same.shape());
        INDArray single = four.features(new double[]{0.37});
        for (int r = 0; r < 3; r++) assertEquals(0.0, same.getRow(r).sub(single.getRow(0)).amaxNumber().doubleValue(), 0.0);
        assertEquals(Math.log(ve.sigma(0.37)), four.conditioningValue(0.37), 1e-12);
    }

    @Test
    void autoEmbeddingFollowsScoreSde() {
        assertEquals(TimeConditioning.Kind.FOURIER, TimeConditioning.Kind.parse("auto", new VeSde()));
        assertEquals(TimeConditioning.Kind.SINUSOIDAL, TimeConditioning.Kind.parse("auto", new VpSde()));
        assertThrows(UsageException.class, () -> TimeConditioning.Kind.parse("random", new VpSde()));
    }

    @Test
    void outputsHaveTheInputShapeAndWrongShapesAreUsageErrors() {
        NetSpec unet = new NetSpec("unet", new long[0], new long[]{4, 8}, 8, "auto", 4, 2);
        NetworkScore s = new NetworkScore(unet, new VpSde(), new long[]{1, 8, 8}, DataType.FLOAT, 16);
        INDArray x = new Rng(1).gaussian(DataType.FLOAT, 2, 1, 8, 8);
        assertArrayEquals(x.shape(), s.score(x, Nd4j.createFromArray(0.5f, 0.5f)).shape());
        NetSpec mlp = new NetSpec("mlp", new long[]{4}, new long[0], 8, "auto", 4, 2);
        assertThrows(UsageException.class, () -> mlp.build(new ModelGraph(DataType.FLOAT, new Rng(1)).scope("s"), new VpSde(), new long[]{1, 8, 8}));
        assertThrows(UsageException.class, () -> unet.build(new ModelGraph(DataType.FLOAT, new Rng(1)).scope("s"), new VpSde(), new long[]{2}));
        assertThrows(UsageException.class, () -> new NetSpec("resnet", new long[0], new long[0], 8, "auto", 4, 2));
    }
}
