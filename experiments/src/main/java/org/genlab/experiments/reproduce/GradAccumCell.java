package org.genlab.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.config.Config;
import org.genlab.common.data.Batch;
import org.genlab.common.data.BatchIterator;
import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Datasets;
import org.genlab.common.data.ImageDataset;
import org.genlab.common.math.LogSumExp;
import org.genlab.common.nn.Activation;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.nn.Mlp;
import org.genlab.common.random.RngStreams;
import org.genlab.common.train.Adam;
import org.genlab.common.train.GradientStep;
import org.genlab.common.train.LrSchedule;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

/**
 * One cell of {@code grad-accum}: an MNIST MLP classifier (Su's Keras MLP without dropout) trained with Adam at
 * micro-batch {@code batch} and {@code accum} micro-batches per update (GradientStep averages them, MATH.md §1.5),
 * for a fixed number of training samples seen. Records the training loss (mean over windows of samples) and the
 * test accuracy and loss at evenly spaced points.
 */
final class GradAccumCell {
    private final ObjectNode cell;
    private final DataPaths data;

    GradAccumCell(ObjectNode cell, DataPaths data) {
        this.cell = cell;
        this.data = data;
    }

    String run() {
        int batch = cell.get("batch").asInt(), accum = cell.get("accum").asInt();
        long samples = cell.get("samples").asLong();
        int window = cell.get("window").asInt(), evalPoints = cell.get("eval_points").asInt();
        long seed = cell.get("seed").asLong();
        ImageDataset mnist = Datasets.images(Datasets.MNIST, data);
        RngStreams rngs = new RngStreams(seed);
        ModelGraph g = new ModelGraph(DataType.FLOAT, rngs.stream("init"));
        SameDiff sd = g.sd();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, mnist.dim());
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 10);
        JsonNode hidden = cell.get("hidden");
        long[] sizes = new long[hidden.size() + 2];
        sizes[0] = mnist.dim();
        for (int i = 0; i < hidden.size(); i++) sizes[i + 1] = hidden.get(i).asLong();
        sizes[sizes.length - 1] = 10;
        SDVariable logits = new Mlp(g.scope("mlp"), sizes, Activation.RELU).apply(x);
        sd.identity("logits", logits);
        SDVariable logp = logits.sub(LogSumExp.lse(sd, logits, 1, true));
        SDVariable loss = sd.math().neg(logp.mul(y).sum(1).mean()).rename("xent");
        GradientStep step = new GradientStep(g, loss.name(), g.paramNames(), new Adam("opt", 0.9, 0.999, 1e-7, 0),
                LrSchedule.constant(cell.get("lr").asDouble()), 0, accum, null, false);
        // The data order depends on the seed only, so batch 100 and batch 1 × accum 100 see the same samples per update.
        BatchIterator it = new BatchIterator(mnist.train(), batch, true, rngs.stream("data"), DataType.FLOAT);
        INDArray testX = mnist.test().features(DataType.FLOAT);
        INDArray testY = oneHot(mnist.test().labels());

        ObjectNode res = Config.JSON.createObjectNode();
        ArrayNode cx = res.putArray("curve_x"), cl = res.putArray("curve_loss");
        ArrayNode ex = res.putArray("eval_x"), ea = res.putArray("eval_acc"), el = res.putArray("eval_loss");
        long perUpdate = (long) batch * accum;
        long updates = samples / perUpdate;
        long evalEvery = Math.max(1, updates / evalPoints);
        double windowSum = 0;
        long windowSamples = 0, seen = 0;
        long t0 = System.nanoTime();
        double evalSeconds = 0;
        for (long u = 0; u < updates; u++) {
            double l = step.run(u, () -> {
                Batch b = it.next();
                return Map.of("x", b.x(), "y", oneHot(b.labels()));
            }, List.of()).get("loss");
            windowSum += l * perUpdate;
            windowSamples += perUpdate;
            seen += perUpdate;
            if (windowSamples >= window) {
                cx.add(seen);
                cl.add(windowSum / windowSamples);
                windowSum = 0;
                windowSamples = 0;
            }
            if ((u + 1) % evalEvery == 0 || u + 1 == updates) {
                long e0 = System.nanoTime();
                double[] al = evaluate(sd, testX, testY, mnist.test().labels());
                evalSeconds += (System.nanoTime() - e0) / 1e9;
                ex.add(seen);
                ea.add(al[0]);
                el.add(al[1]);
            }
        }
        res.put("updates", updates);
        res.put("samples_seen", seen);
        res.put("train_seconds", (System.nanoTime() - t0) / 1e9 - evalSeconds);
        res.put("final_train_loss", cl.size() > 0 ? cl.get(cl.size() - 1).asDouble() : Double.NaN);
        res.put("final_acc", ea.get(ea.size() - 1).asDouble());
        res.put("final_test_loss", el.get(el.size() - 1).asDouble());
        res.put("parameters", g.parameterCount());
        return ReproSupport.json(res);
    }

    /** Test accuracy and mean cross-entropy. */
    private static double[] evaluate(SameDiff sd, INDArray x, INDArray y, int[] labels) {
        INDArray logits = sd.output(Map.of("x", x, "y", y), "logits").get("logits").castTo(DataType.DOUBLE);
        double[][] rows = logits.toDoubleMatrix();
        int ok = 0;
        double nll = 0;
        for (int i = 0; i < labels.length; i++) {
            double[] row = rows[i];
            int best = 0;
            for (int k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
            if (best == labels[i]) ok++;
            nll += LogSumExp.lse(row) - row[labels[i]];
        }
        return new double[]{ok / (double) labels.length, nll / labels.length};
    }

    private static INDArray oneHot(int[] labels) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, 10);
        for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1f);
        return y;
    }
}
