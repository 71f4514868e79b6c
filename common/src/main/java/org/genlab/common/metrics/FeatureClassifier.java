package org.genlab.common.metrics;

import org.genlab.common.data.Batch;
import org.genlab.common.data.BatchIterator;
import org.genlab.common.data.ImageSet;
import org.genlab.common.math.LogSumExp;
import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Linear;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.train.Adam;
import org.genlab.common.train.GradientStep;
import org.genlab.common.train.LrSchedule;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The feature network of the FID-style scores (MATH.md §1.4 [INFER]: no pretrained Inception here): an MLP
 * classifier 784–256–128–10 (ReLU) trained by the project with a fixed seed; the 128-d penultimate activations are
 * the features. Training is a few epochs of Adam (under a minute of CPU on MNIST-sized data).
 */
final class FeatureClassifier {
    static final long[] SIZES = {784, 256, 128, 10};
    static final String ARCH = "mlp 784-256-128-10 relu, features = 128-d penultimate pre-activation";

    private final ModelGraph graph;
    private final Linear[] layers = new Linear[SIZES.length - 1];
    private final SDVariable x;
    private final SDVariable labels;
    private final SDVariable features;
    private final SDVariable logits;
    private final SDVariable loss;

    FeatureClassifier(long seed) {
        graph = new ModelGraph(DataType.FLOAT, new Rng(seed));
        SameDiff sd = graph.sd();
        x = sd.placeHolder("x", DataType.FLOAT, -1, SIZES[0]);
        labels = sd.placeHolder("labels", DataType.FLOAT, -1, SIZES[SIZES.length - 1]);
        SDVariable h = x;
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new Linear(graph.scope("clf").child("fc" + i), SIZES[i], SIZES[i + 1]);
            h = layers[i].apply(h);
            // Features before the ReLU: dead units would make the feature covariance singular (FID's v2 formula
            // then fails to converge in commons-math's non-symmetric eigensolver).
            if (i + 2 == layers.length) h = sd.identity("features", h);
            if (i + 1 < layers.length) h = Activation.RELU.apply(h);
        }
        features = sd.getVariable("features");
        logits = sd.identity("logits", h);
        // Cross-entropy with a hand-made log-softmax (SameDiff's logSumExp backprop is broken, DL4J_NOTES).
        SDVariable logp = logits.sub(LogSumExp.lse(sd, logits, 1, true));
        loss = sd.math().neg(logp.mul(labels).sum(1).mean()).rename("xent");
    }

    /** Trains on {@code train}; returns the wall time in seconds. */
    double train(ImageSet train, int epochs, int batch, double lr, long seed) {
        long t0 = System.nanoTime();
        BatchIterator it = new BatchIterator(train, batch, true, new Rng(seed ^ 0x5EEDL), DataType.FLOAT);
        long steps = (long) epochs * it.batchesPerEpoch();
        GradientStep step = new GradientStep(graph, loss.name(), graph.paramNames(), new Adam("opt", 0.9, 0.999, 1e-8, 0),
                new LrSchedule("cosine", lr, 0, steps, 0, 0, 1), 0, 1, null, false);
        for (long s = 0; s < steps; s++) {
            Batch b = it.next();
            INDArray y = oneHot(b.labels(), (int) SIZES[SIZES.length - 1]);
            step.run(s, () -> Map.of("x", b.x(), "labels", y), List.of());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static INDArray oneHot(int[] labels, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
        for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1f);
        return y;
    }

    /** Features and logits of rows [n, 784] in [0, 1], in chunks to bound memory. */
    INDArray[] featuresAndLogits(INDArray rows) {
        long n = rows.size(0);
        INDArray f = Nd4j.create(DataType.FLOAT, n, SIZES[SIZES.length - 2]);
        INDArray l = Nd4j.create(DataType.FLOAT, n, SIZES[SIZES.length - 1]);
        int chunk = 1000;
        for (long a = 0; a < n; a += chunk) {
            long b = Math.min(n, a + chunk);
            INDArray part = rows.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(a, b),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).castTo(DataType.FLOAT);
            Map<String, INDArray> out = graph.sd().output(Map.of("x", part), features.name(), logits.name());
            f.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(a, b), org.nd4j.linalg.indexing.NDArrayIndex.all())
                    .assign(out.get(features.name()));
            l.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(a, b), org.nd4j.linalg.indexing.NDArrayIndex.all())
                    .assign(out.get(logits.name()));
        }
        return new INDArray[]{f, l};
    }

    double accuracy(ImageSet set) {
        INDArray logitsAll = featuresAndLogits(set.features(DataType.FLOAT))[1];
        int[] pred = argmaxRows(logitsAll);
        int ok = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == set.label(i)) ok++;
        return ok / (double) pred.length;
    }

    static int[] argmaxRows(INDArray logits) {
        INDArray idx = logits.argMax(1);
        int[] out = new int[(int) logits.size(0)];
        for (int i = 0; i < out.length; i++) out[i] = idx.getInt(i);
        return out;
    }

    /** Parameters as float blocks: name, length, values (in the graph's creation order). */
    void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            List<String> names = graph.paramNames();
            out.writeInt(names.size());
            for (String n : names) {
                INDArray a = graph.array(n);
                out.writeUTF(n);
                float[] v = a.dup('c').data().asFloat();
                out.writeInt(v.length);
                for (float f : v) out.writeFloat(f);
            }
        }
    }

    void load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int count = in.readInt();
            if (count != graph.paramNames().size()) throw new IOException(file + ": " + count + " arrays, expected "
                    + graph.paramNames().size());
            for (int k = 0; k < count; k++) {
                String n = in.readUTF();
                INDArray dst = graph.array(n);
                int len = in.readInt();
                if (len != dst.length()) throw new IOException(file + ": array " + n + " has " + len + " values, expected " + dst.length());
                float[] v = new float[len];
                for (int i = 0; i < len; i++) v[i] = in.readFloat();
                dst.assign(Nd4j.create(v, dst.shape(), 'c'));
            }
        }
    }
}
