package org.genlab.diffusion.nn;

import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.testing.GradCheck;
import org.genlab.diffusion.loss.ScoreNetwork;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.Sde;
import org.genlab.diffusion.sde.SubVpSde;
import org.genlab.diffusion.sde.VeSde;
import org.genlab.diffusion.sde.VpSde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network score adapter: its input gradient against finite differences (GradCheck on the input variable and an
 * explicit central-difference vjp), agreement with the training graph's −net/σ_t after copying weights, batch-size
 * changes, chunking, and the combined score+vjp call.
 */
class NetworkScoreTest {
    private static final NetSpec MLP = new NetSpec("mlp", new long[]{16, 16}, new long[0], 8, "auto", 4.0, 8);
    /** The toy model's default widths: the oneDNN fault below showed at these sizes. */
    private static final NetSpec MLP_WIDE = new NetSpec("mlp", new long[]{128, 128, 128}, new long[0], 128, "auto", 16.0, 8);
    private static final NetSpec UNET = new NetSpec("unet", new long[0], new long[]{4, 8}, 8, "auto", 4.0, 2);
    private static final NetSpec UNET_RES = new NetSpec("unet", new long[0], new long[]{4, 8}, 8, "auto", 4.0, 2, 1, new int[0]);
    private static final NetSpec UNET_ATTN = new NetSpec("unet", new long[0], new long[]{4, 8}, 8, "auto", 4.0, 2, 0, new int[]{0, 1});

    /** A "training" graph with random weights; every parameter is perturbed, so zero-initialised ones (the U-Net's input skip) take part too. */
    private static ModelGraph trainingGraph(NetSpec spec, Sde sde, long[] shape, long seed) {
        ModelGraph train = new ModelGraph(DataType.DOUBLE, new Rng(seed));
        spec.build(train.scope(NetworkScore.SCOPE), sde, shape);
        Rng noise = new Rng(seed + 100);
        for (String p : train.paramNames()) train.array(p).addi(noise.gaussian(DataType.DOUBLE, train.array(p).shape()).muli(0.1));
        return train;
    }

    private static NetworkScore trained(NetSpec spec, Sde sde, long[] shape, long seed) {
        NetworkScore s = new NetworkScore(spec, sde, shape, DataType.DOUBLE, 1000);
        s.loadWeights(trainingGraph(spec, sde, shape, seed));
        return s;
    }

    private static INDArray batch(long seed, int n, long... shape) {
        return new Rng(seed).gaussian(DataType.DOUBLE, NetworkScore.withBatch(n, shape));
    }

    private static INDArray times(int n, long seed) {
        return new Rng(seed).uniform(DataType.DOUBLE, 0.05, 0.95, n);
    }

    /** vᵀ∂s/∂x by central differences of the score, per sample. */
    private static INDArray numericVjp(NetworkScore s, INDArray x, INDArray t, INDArray v) {
        double h = 1e-5;
        INDArray out = Nd4j.zeros(DataType.DOUBLE, x.shape());
        INDArray flatX = x.reshape(x.length());
        INDArray flatOut = out.reshape(out.length());
        int n = PerSample.batch(x);
        long d = PerSample.dims(x);
        for (long j = 0; j < x.length(); j++) {
            INDArray xp = x.dup();
            INDArray xm = x.dup();
            xp.reshape(x.length()).putScalar(j, flatX.getDouble(j) + h);
            xm.reshape(x.length()).putScalar(j, flatX.getDouble(j) - h);
            INDArray ds = s.score(xp, t).sub(s.score(xm, t)).divi(2 * h);
            // (vᵀ ∂s/∂x)_j = Σ_k v_k ∂s_k/∂x_j, summed within the sample of j only
            long i = j / d;
            INDArray row = ds.reshape(n, d).getRow(i).mul(v.reshape(n, d).getRow(i));
            flatOut.putScalar(j, row.sumNumber().doubleValue());
        }
        return out;
    }

    @Test
    void mlpVjpMatchesFiniteDifferencesForEverySde() {
        for (Sde sde : new Sde[]{new VpSde(), new SubVpSde(), new VeSde(0.01, 3, 1000)}) {
            NetworkScore s = trained(MLP, sde, new long[]{2}, 1);
            INDArray x = batch(2, 5, 2), t = times(5, 3), v = batch(4, 5, 2);
            INDArray vjp = s.vjp(x, t, v);
            INDArray num = numericVjp(s, x, t, v);
            assertTrue(vjp.equalsWithEps(num, 1e-6 * (1 + num.amaxNumber().doubleValue())), sde + ": " + vjp + " vs " + num);
        }
    }

    /**
     * A time shared by the batch reaches the MLP as one row of features, broadcast in the graph; scores and vjps
     * equal those of the same samples in a batch of mixed times (fed row by row), to rounding.
     */
    @Test
    void mlpSharedTimeAsOneRowGivesTheRowByRowResults() {
        NetworkScore s = trained(MLP, new VpSde(), new long[]{2}, 21);
        assertEquals(1, s.placeholders(new double[]{0.3, 0.3, 0.3}, null).values().stream()
                .filter(a -> a.rank() == 2 && a.size(1) == 8).findFirst().orElseThrow().size(0), "one feature row");
        INDArray x = batch(22, 4, 2), v = batch(23, 4, 2);
        INDArray shared = PerSample.fill(0.3, 4, DataType.DOUBLE);
        INDArray mixedX = Nd4j.concat(0, x, batch(24, 1, 2)), mixedV = Nd4j.concat(0, v, batch(25, 1, 2));
        INDArray mixedT = Nd4j.concat(0, shared, PerSample.fill(0.7, 1, DataType.DOUBLE));
        ScoreFn.ScoreAndVjp one = s.scoreAndVjp(x, shared, v), rows = s.scoreAndVjp(mixedX, mixedT, mixedV);
        INDArray first4 = rows.score().get(NDArrayIndex.interval(0, 4), NDArrayIndex.all());
        assertTrue(one.score().equalsWithEps(first4, 1e-12), one.score() + " vs " + first4);
        INDArray vjp4 = rows.vjp().get(NDArrayIndex.interval(0, 4), NDArrayIndex.all());
        assertTrue(one.vjp().equalsWithEps(vjp4, 1e-12), one.vjp() + " vs " + vjp4);
    }

    @Test
    void unetVjpMatchesFiniteDifferences() {
        NetworkScore s = trained(UNET, new VpSde(), new long[]{1, 4, 4}, 5);
        INDArray x = batch(6, 2, 1, 4, 4), t = times(2, 7), v = batch(8, 2, 1, 4, 4);
        INDArray num = numericVjp(s, x, t, v);
        INDArray vjp = s.vjp(x, t, v);
        assertTrue(vjp.equalsWithEps(num, 1e-6 * (1 + num.amaxNumber().doubleValue())), vjp + " vs " + num);
    }

    @Test
    void inputGradientPassesGradCheck() {
        NetworkScore s = trained(MLP, new SubVpSde(), new long[]{2}, 9);
        INDArray x = batch(10, 4, 2);
        s.score(x, times(4, 11)); // sets the input variable's array
        s.graph().array(s.inputName()).assign(x);
        Map<String, INDArray> feeds = s.placeholders(PerSample.toDoubles(times(4, 11)), batch(12, 4, 2));
        GradCheck.checkInput(s.graph(), s.vjpLossName(), feeds, s.inputName());
    }

    /**
     * In double and in float: float is where the native build's oneDNN kernels run (they have no double kernels), and
     * a oneDNN-only fault once broke every float sampler while training and the double tests were fine.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DOUBLE", "FLOAT"})
    void scoreEqualsMinusTrainingNetworkOverSigma(String dtypeName) {
        DataType dt = DataType.valueOf(dtypeName);
        double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-4;
        Sde sde = new VeSde(0.01, 3, 1000);
        ModelGraph train = new ModelGraph(dt, new Rng(13));
        ScoreNetwork net = MLP.build(train.scope(NetworkScore.SCOPE), sde, new long[]{2});
        SDVariable xp = train.sd().placeHolder("x", dt, -1, 2);
        SDVariable tp = train.sd().placeHolder("t", dt, -1);
        net.apply(xp, tp).rename("eps");
        NetworkScore s = new NetworkScore(MLP, sde, new long[]{2}, dt, 1000);
        s.loadWeights(train);
        for (int n : new int[]{6, 600}) {
            INDArray x = batch(14, n, 2).castTo(dt), t = times(n, 15).castTo(dt);
            Map<String, INDArray> feeds = new HashMap<>(net.feeds(PerSample.toDoubles(t)));
            feeds.put("x", x);
            feeds.put("t", t);
            INDArray eps = train.sd().output(feeds, "eps").get("eps").castTo(DataType.DOUBLE);
            double[] std = PerSample.map(PerSample.toDoubles(t), sde::std);
            INDArray expected = eps.dup();
            for (int i = 0; i < n; i++) expected.getRow(i).assign(eps.getRow(i).mul(-1.0 / std[i]));
            INDArray got = s.score(x, t).castTo(DataType.DOUBLE);
            double err = got.sub(expected).amaxNumber().doubleValue() / (1 + expected.amaxNumber().doubleValue());
            assertTrue(err < tol, dt + ", batch " + n + ": relative error " + err);
        }
    }

    /**
     * The float network computes what the double one does. Float runs other kernels than double (oneDNN has no double
     * ones): with the -onednn native build, SameDiff's fused xw_plus_b (nn().linear) gave float scores 78 % off the
     * double ones inside this graph, while the same op executed alone was exact; the networks now use mmul + add.
     */
    @Test
    void floatScoreMatchesDouble() {
        for (NetSpec spec : new NetSpec[]{MLP_WIDE, UNET, UNET_RES, UNET_ATTN}) {
            long[] shape = spec == MLP_WIDE ? new long[]{2} : new long[]{1, 8, 8};
            Sde sde = new VeSde(0.01, 3, 1000);
            NetworkScore d = trained(spec, sde, shape, 21);
            NetworkScore f = new NetworkScore(spec, sde, shape, DataType.FLOAT, 1000);
            f.loadWeights(d.graph());
            for (int n : new int[]{4, 700}) {
                INDArray x = batch(22, n, shape), t = times(n, 23);
                INDArray sd = d.score(x, t), sf = f.score(x.castTo(DataType.FLOAT), t.castTo(DataType.FLOAT)).castTo(DataType.DOUBLE);
                double err = sf.sub(sd).norm2Number().doubleValue() / sd.norm2Number().doubleValue();
                assertTrue(err < 1e-5, spec.kind() + ", batch " + n + ": float vs double relative error " + err);
            }
        }
    }

    @Test
    void batchSizesChunksAndCombinedCallAgree() {
        NetworkScore whole = trained(MLP, new VpSde(), new long[]{2}, 16);
        ModelGraph train = trainingGraph(MLP, new VpSde(), new long[]{2}, 16);
        NetworkScore chunked = new NetworkScore(MLP, new VpSde(), new long[]{2}, DataType.DOUBLE, 3);
        chunked.loadWeights(train);
        INDArray x = batch(17, 10, 2), t = times(10, 18), v = batch(19, 10, 2);
        INDArray s10 = whole.score(x, t);
        // a different batch size in between must not disturb the next call
        INDArray s3 = whole.score(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)).dup(), t.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)).dup());
        assertArrayEquals(new long[]{3, 2}, s3.shape());
        assertTrue(whole.score(x, t).equalsWithEps(s10, 1e-12));
        assertTrue(chunked.score(x, t).equalsWithEps(s10, 1e-12));
        assertTrue(chunked.vjp(x, t, v).equalsWithEps(whole.vjp(x, t, v), 1e-12));
        var both = whole.scoreAndVjp(x, t, v);
        assertTrue(both.score().equalsWithEps(s10, 1e-12));
        assertTrue(both.vjp().equalsWithEps(whole.vjp(x, t, v), 1e-12));
        long before = whole.evaluations();
        whole.scoreAndVjp(x, t, v);
        assertEquals(before + 2, whole.evaluations());
    }
}
