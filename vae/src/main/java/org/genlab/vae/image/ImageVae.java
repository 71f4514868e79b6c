package org.genlab.vae.image;

import org.genlab.common.UsageException;
import org.genlab.common.data.Batch;
import org.genlab.common.data.BatchIterator;
import org.genlab.common.data.ImageDataset;
import org.genlab.common.data.ImageSet;
import org.genlab.common.data.Transforms;
import org.genlab.common.model.EvalRequest;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.SampleRequest;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.nn.Module;
import org.genlab.common.random.Rng;
import org.genlab.common.random.RngStreams;
import org.genlab.common.state.StateBundle;
import org.genlab.common.train.TrainConfig;
import org.genlab.vae.metrics.EvalSource;
import org.genlab.vae.metrics.VaeMetrics;
import org.genlab.vae.model.VaeObjective;
import org.genlab.vae.model.VaeSettings;
import org.genlab.vae.model.VaeTraining;
import org.genlab.vae.posterior.Heads;
import org.genlab.vae.posterior.LatentBatch;
import org.genlab.vae.posterior.Posterior;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A VAE on grey images (MNIST, Fashion-MNIST, 8×8 digits) with any of the five posteriors: MLP or small conv
 * encoder/decoder, Bernoulli likelihood on dynamically binarised pixels (x' = [x &gt; u] afresh every step, as the
 * S-VAE example does), or Gaussian or discretised logistic on grey pixels. One graph holds the training path
 * (x → encoder → posterior → z → decoder → loss) and an evaluation path that decodes a fed z (placeholder
 * {@value #Z_IN}) for samples, reconstructions and importance-weighted likelihoods.
 */
public final class ImageVae implements GenerativeModel {
    static final String X = "x", Z_IN = "z_in", X_IN = "x_in", DECODED = "decoded", EVAL_REC = "eval_rec";

    private final VaeSettings settings;
    private final ImageDataset data;
    private final DataType dtype;
    private final Posterior posterior;
    private final ModelGraph graph;
    private final VaeTraining training;
    private final Rng binarizeRng;
    private final PrintStream console;
    private final int batchSize;

    public ImageVae(VaeSettings s, TrainConfig tc, ImageDataset data, RngStreams rngs, DataType dtype, PrintStream console) {
        if (s.likelihood().equals("bernoulli") && !s.binarize() && data.train().levels() > 1) {
            console.println("note: Bernoulli likelihood on grey (non-binarised) pixels is a cross-entropy, not a density");
        }
        if (s.arch().equals("conv") && (data.height() < 4 || data.width() < 4)) {
            throw new UsageException("vae.arch=conv needs images of at least 4x4, got " + data.height() + "x" + data.width());
        }
        this.settings = s;
        this.data = data;
        this.dtype = dtype;
        this.console = console;
        this.posterior = s.newPosterior();
        this.graph = new ModelGraph(dtype, rngs.stream("init"));
        SameDiff sd = graph.sd();
        int d = data.dim();
        SDVariable x = sd.placeHolder(X, dtype, -1, d);
        ImageNets.Encoder enc = ImageNets.encoder(graph.scope("enc"), s.arch(), data.height(), data.width(), s.hidden(), s.channels());
        Heads heads = posterior.build(graph.scope("post"), enc.net().apply(x), enc.features());
        Module dec = ImageNets.decoder(graph.scope("dec"), s.arch(), posterior.zDim(), data.height(), data.width(), s.hidden(), s.channels(),
                ImageLikelihood.outputsPerPixel(s.likelihood()));
        ImageLikelihood lik = new ImageLikelihood(graph.scope("lik"), s.likelihood(), d, data.train().levels());
        SDVariable rec = lik.negLogLik(dec.apply(heads.z()), x);
        VaeObjective.build(sd, heads, rec, s);
        SDVariable zIn = sd.placeHolder(Z_IN, dtype, -1, posterior.zDim());
        SDVariable xIn = sd.placeHolder(X_IN, dtype, -1, d);
        SDVariable logitsIn = dec.apply(zIn);
        lik.mean(logitsIn).rename(DECODED);
        lik.negLogLik(logitsIn, xIn).rename(EVAL_REC);
        this.batchSize = tc.batch() / tc.accum();
        if (batchSize < 2 && s.batchCoupled()) throw new UsageException("batch norm needs batches of at least 2 examples");
        this.training = new VaeTraining(graph, posterior, s, tc, dtype,
                new BatchIterator(data.train(), batchSize, true, rngs.stream("data"), dtype, "data.train"), rngs.stream("noise"));
        this.binarizeRng = rngs.stream("binarize");
    }

    public Posterior posterior() {
        return posterior;
    }

    public ModelGraph graph() {
        return graph;
    }

    public VaeSettings settings() {
        return settings;
    }

    /** Pixels as the likelihood sees them: dynamically binarised for Bernoulli (if enabled), else as is. */
    INDArray prepare(INDArray x, Rng rng) {
        return settings.likelihood().equals("bernoulli") && settings.binarize() ? Transforms.binarize(x, rng) : x;
    }

    /** Feeds for one training micro-batch: pixels, KL weight and the posterior's noise (after the κ pre-pass). */
    Map<String, INDArray> trainingFeeds(long stepIndex) {
        return training.feeds(stepIndex, this::dataFeeds);
    }

    private Map<String, INDArray> dataFeeds(Batch b) {
        Map<String, INDArray> f = new HashMap<>();
        f.put(X, prepare(b.x(), binarizeRng));
        return f;
    }

    @Override
    public Map<String, Double> trainStep(long stepIndex) {
        return training.trainStep(stepIndex, this::dataFeeds);
    }

    // ---- evaluation ----

    private <T> T withEvalWeights(java.util.function.Supplier<T> body) {
        return training.withEvalWeights(body);
    }

    /** q(z|x) for rows of x in evaluation mode (batch norm with running statistics). */
    public LatentBatch encode(INDArray x) {
        Map<String, INDArray> out = graph.sd().output(graph.feeds(Map.of(X, x), false), posterior.statOutputs().toArray(new String[0]));
        return posterior.latents(out);
    }

    /** Decoder mean images for latent rows z [n, zDim]. */
    public INDArray decode(INDArray z) {
        return graph.sd().output(graph.feeds(Map.of(Z_IN, z.castTo(dtype)), false), DECODED).get(DECODED);
    }

    /** −log p(x_r | z_r) row by row. */
    public double[] negLogLik(INDArray x, INDArray z) {
        return graph.sd().output(graph.feeds(Map.of(Z_IN, z.castTo(dtype), X_IN, x.castTo(dtype)), false), EVAL_REC)
                .get(EVAL_REC).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    }

    /** The test split as the likelihood sees it (binarised once with {@code seed}), capped at {@code limit}. */
    INDArray testPixels(int limit, long seed) {
        ImageSet t = data.test().head(limit);
        return prepare(t.features(dtype), new Rng(seed ^ 0x5eedL));
    }

    @Override
    public Map<String, Double> evaluate(EvalRequest request) {
        int k = Integer.parseInt(request.options().getOrDefault("samples", String.valueOf(settings.evalSamples())));
        int miBatch = Integer.parseInt(request.options().getOrDefault("mi_batch", String.valueOf(Math.max(2, batchSize))));
        if (k < 1 || miBatch < 2) throw new UsageException("eval options: samples must be >= 1 and mi_batch >= 2");
        INDArray x = testPixels(request.limit(), request.seed());
        EvalSource src = new EvalSource() {
            @Override
            public int size() {
                return (int) x.size(0);
            }

            @Override
            public LatentBatch encode(int[] examples) {
                return ImageVae.this.encode(x.getRows(examples));
            }

            @Override
            public double[] negLogLik(int[] examples, double[][] z) {
                return ImageVae.this.negLogLik(x.getRows(examples), Nd4j.createFromArray(z));
            }

            @Override
            public double logPrior(double[] z) {
                return posterior.logPrior(z);
            }
        };
        Map<String, Double> m = withEvalWeights(() -> VaeMetrics.evaluate(src, new VaeMetrics.Options(k, miBatch, 20_000, Integer.MAX_VALUE),
                new Rng(request.seed())));
        if (ImageLikelihood.discrete(settings.likelihood())) addBitsPerDim(m, data.dim());
        return m;
    }

    /** bits/dim = nats per image / (D ln 2), for the IW bound and the ELBO (a probability mass over pixel levels). */
    static void addBitsPerDim(Map<String, Double> m, long pixels) {
        double scale = 1.0 / (pixels * Math.log(2.0));
        if (m.containsKey("nll_iw")) m.put("bpd_iw", m.get("nll_iw") * scale);
        if (m.containsKey("elbo")) m.put("bpd_elbo", -m.get("elbo") * scale);
    }

    // ---- pictures ----

    @Override
    public Map<String, Double> sample(SampleRequest request, Path out) {
        long t0 = System.nanoTime();
        Rng rng = new Rng(request.seed());
        ImageVisuals v = new ImageVisuals(this, data);
        withEvalWeights(() -> {
            switch (request.sampler()) {
                case "prior", "default" -> v.priorGrid(request.n(), rng, out);
                case "reconstruct" -> v.reconstructions(request.n(), rng, out);
                case "interpolate" -> v.interpolations(Math.max(1, request.n() / 10), 10, rng, out);
                case "manifold" -> v.manifold(Integer.parseInt(request.option("grid", "20")), out);
                default -> throw new UsageException("unknown image sampler '" + request.sampler()
                        + "'; use prior, reconstruct, interpolate or manifold");
            }
            return null;
        });
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("seconds", (System.nanoTime() - t0) / 1e9);
        return m;
    }

    @Override
    public void writePreview(Path runDir, long stepIndex) {
        ImageVisuals v = new ImageVisuals(this, data);
        withEvalWeights(() -> {
            v.priorGrid(64, new Rng(stepIndex), runDir.resolve("samples").resolve("prior-step" + stepIndex + ".png"));
            v.reconstructions(32, new Rng(stepIndex + 1), runDir.resolve("samples").resolve("reconstruct-step" + stepIndex + ".png"));
            return null;
        });
    }

    // ---- state ----

    @Override
    public void writeState(StateBundle out) {
        training.writeState(out);
    }

    @Override
    public void readState(StateBundle in) {
        training.readState(in);
    }

    int latentDim() {
        return posterior.zDim();
    }

    List<String> describe() {
        List<String> l = new ArrayList<>();
        l.add(posterior.describe());
        l.add("images " + data.name() + " " + data.height() + "x" + data.width() + ", " + settings.arch() + " encoder/decoder, "
                + settings.likelihood() + " likelihood" + (settings.binarize() && settings.likelihood().equals("bernoulli") ? " (dynamic binarisation)" : ""));
        l.add(graph.parameterCount() + " parameters");
        return l;
    }

    public void printSummary() {
        for (String s : describe()) console.println(s);
    }
}
