package org.genlab.vae.text;

import org.genlab.common.UsageException;
import org.genlab.common.data.Batch;
import org.genlab.common.data.BatchIterator;
import org.genlab.common.data.Datasets;
import org.genlab.common.data.SentenceSet;
import org.genlab.common.data.TextCorpus;
import org.genlab.common.data.Vocabulary;
import org.genlab.common.model.EvalRequest;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.RunContext;
import org.genlab.common.model.SampleRequest;
import org.genlab.common.nn.ModelGraph;
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
 * A sentence VAE (Bowman et al.; the BN-VAE reference's text setup, MATH.md §2.4) with any of the five posteriors:
 * LSTM encoder (last state → posterior heads), LSTM decoder conditioned on z through its initial state and/or its
 * inputs, word dropout (decoder inputs replaced by {@code <unk>}) and optional embedding/output dropout. Sentences
 * are padded to a fixed T = max_len + 1 so the unrolled graph is built once; longer ones are dropped from the corpus.
 * The vocabulary-sized work (embeddings, 10k softmax) runs on the real tokens only ({@link RealTokens}).
 * The graph also holds a teacher-forced evaluation path for a fed z and a one-step path for decoding.
 */
public final class TextVae implements GenerativeModel {
    static final String ENC_MASK = "enc_last", TOK_IN = "tok_in", TOK_TGT = "tok_tgt", TOK_SEL = "tok_sel",
            DROP_IN = "drop_in", DROP_OUT = "drop_out";
    static final String EV_TOK_IN = "ev_tok_in", EV_TOK_TGT = "ev_tok_tgt", EV_SEL = "ev_sel", Z_IN = "z_in", EVAL_REC = "eval_rec";
    /** Rows per graph call in evaluation (the real-token selector is O(rows²), see RealTokens). */
    static final int EVAL_CHUNK = 128;
    static final String ST_TOK = "st_tok", ST_H = "st_h", ST_C = "st_c", ST_Z = "st_z", ST_LOGP = "st_logp", ST_H_OUT = "st_h_out",
            ST_C_OUT = "st_c_out", INIT_H = "init_h", INIT_C = "init_c";
    /** Seed of the corpus shuffle before the 80/10/10 split (fixed: a run and its rebuilds must see the same split). */
    static final long SPLIT_SEED = 20200506L;

    private final VaeSettings settings;
    private final TextCorpus corpus;
    private final int steps;
    private final DataType dtype;
    private final Posterior posterior;
    private final ModelGraph graph;
    private final VaeTraining training;
    private final Rng dropRng;
    private final PrintStream console;
    private final boolean hasInitState;
    private final int batchSize;

    /** Loads (and shuffles/splits) the named corpus, saves its vocabulary in the run directory, builds the model. */
    public static TextVae create(VaeSettings s, TrainConfig tc, String data, RunContext ctx) {
        TextCorpus.Options o = new TextCorpus.Options(s.text().maxLength(), s.text().vocab(), 1, 0.1, 0.1, SPLIT_SEED);
        TextCorpus corpus = Datasets.text(data, ctx.data(), o);
        try {
            corpus.vocabulary().save(ctx.runDir().resolve("vocab.txt"));
        } catch (UsageException e) {
            ctx.out().println("note: " + e.getMessage());
        }
        return new TextVae(s, tc, corpus, ctx.rngs(), ctx.dtype(), ctx.out());
    }

    public TextVae(VaeSettings s, TrainConfig tc, TextCorpus corpus, RngStreams rngs, DataType dtype, PrintStream console) {
        this.settings = s;
        this.corpus = corpus;
        this.steps = s.text().maxLength() + 1;
        this.dtype = dtype;
        this.console = console;
        this.posterior = s.newPosterior();
        this.graph = new ModelGraph(dtype, rngs.stream("init"));
        SameDiff sd = graph.sd();
        int v = corpus.vocabulary().size();
        VaeSettings.TextSettings t = s.text();
        SDVariable encMask = sd.placeHolder(ENC_MASK, dtype, -1, steps);
        SDVariable tokIn = sd.placeHolder(TOK_IN, DataType.INT32, -1);
        SDVariable tokTgt = sd.placeHolder(TOK_TGT, DataType.INT32, -1);
        SDVariable tokSel = sd.placeHolder(TOK_SEL, dtype, -1, -1);
        SDVariable dropIn = t.dropout() > 0 ? sd.placeHolder(DROP_IN, dtype, -1, steps, t.emb()) : null;
        SDVariable dropOut = t.dropout() > 0 ? sd.placeHolder(DROP_OUT, dtype, -1, steps, t.hidden()) : null;
        SentenceEncoder enc = new SentenceEncoder(graph.scope("enc"), v, t.emb(), t.hidden());
        Heads heads = posterior.build(graph.scope("post"), enc.applyRealTokens(tokTgt, tokSel, encMask, steps), enc.features());
        SentenceDecoder dec = new SentenceDecoder(graph.scope("dec"), v, t.emb(), t.hidden(), posterior.zDim(),
                t.zInInitialState(), t.zInInput());
        SDVariable rec = dec.negLogLikRealTokens(tokIn, tokTgt, tokSel, heads.z(), steps, dropIn, dropOut);
        VaeObjective.build(sd, heads, rec, s);
        // evaluation path: teacher-forced −log p(x|z) for a fed z, no dropout
        SDVariable zIn = sd.placeHolder(Z_IN, dtype, -1, posterior.zDim());
        dec.negLogLikRealTokens(sd.placeHolder(EV_TOK_IN, DataType.INT32, -1), sd.placeHolder(EV_TOK_TGT, DataType.INT32, -1),
                sd.placeHolder(EV_SEL, dtype, -1, -1), zIn, steps, null, null).rename(EVAL_REC);
        // decoding path: one step, and the initial state from z
        SDVariable stZ = sd.placeHolder(ST_Z, dtype, -1, posterior.zDim());
        hasInitState = t.zInInitialState();
        SDVariable stH = sd.placeHolder(ST_H, dtype, -1, t.hidden());
        SDVariable stC = sd.placeHolder(ST_C, dtype, -1, t.hidden());
        SDVariable[] st = dec.step(sd.placeHolder(ST_TOK, DataType.INT32, -1), stH, stC, stZ);
        st[0].rename(ST_LOGP);
        st[1].rename(ST_H_OUT);
        st[2].rename(ST_C_OUT);
        if (hasInitState) {
            SDVariable[] s0 = dec.initialState(stZ);
            s0[0].rename(INIT_H);
            s0[1].rename(INIT_C);
        }
        this.batchSize = tc.batch() / tc.accum();
        this.training = new VaeTraining(graph, posterior, s, tc, dtype, new BatchIterator(corpus.train().withFixedLength(steps),
                batchSize, true, rngs.stream("data"), DataType.FLOAT, "data.train"), rngs.stream("noise"));
        this.dropRng = rngs.stream("dropout");
    }

    public Posterior posterior() {
        return posterior;
    }

    public ModelGraph graph() {
        return graph;
    }

    public TextCorpus corpus() {
        return corpus;
    }

    int steps() {
        return steps;
    }

    DataType dtype() {
        return dtype;
    }

    boolean hasInitState() {
        return hasInitState;
    }

    long hidden() {
        return settings.text().hidden();
    }

    /** Word dropout: real decoder inputs after {@code <bos>} become {@code <unk>} with probability p. */
    static INDArray wordDropout(INDArray decIds, INDArray mask, double p, Rng rng) {
        if (p <= 0) return decIds;
        int[][] ids = decIds.toIntMatrix();
        float[][] m = mask.castTo(DataType.FLOAT).toFloatMatrix();
        for (int i = 0; i < ids.length; i++) {
            for (int t = 1; t < ids[i].length; t++) {
                if (m[i][t] > 0 && rng.nextDouble() < p) ids[i][t] = Vocabulary.UNK_ID;
            }
        }
        return Nd4j.createFromArray(ids);
    }

    private INDArray dropoutMask(long... shape) {
        double p = settings.text().dropout();
        INDArray u = dropRng.uniform(dtype, 0, 1, shape);
        return u.gt(p).castTo(dtype).divi(1 - p);
    }

    Map<String, INDArray> trainingFeeds(long stepIndex) {
        return training.feeds(stepIndex, this::dataFeeds);
    }

    private Map<String, INDArray> dataFeeds(Batch b) {
        INDArray mask = b.mask().castTo(dtype);
        Map<String, INDArray> f = new HashMap<>();
        RealTokens rt = RealTokens.of(wordDropout(b.x(), b.mask(), settings.text().wordDropout(), dropRng), b.y(), b.mask(), dtype);
        f.put(ENC_MASK, SentenceEncoder.lastPosition(mask));
        f.put(TOK_IN, rt.inputIds());
        f.put(TOK_TGT, rt.targetIds());
        f.put(TOK_SEL, rt.selector());
        if (settings.text().dropout() > 0) {
            f.put(DROP_IN, dropoutMask(b.size(), steps, settings.text().emb()));
            f.put(DROP_OUT, dropoutMask(b.size(), steps, settings.text().hidden()));
        }
        return f;
    }

    @Override
    public Map<String, Double> trainStep(long stepIndex) {
        return training.trainStep(stepIndex, this::dataFeeds);
    }

    // ---- evaluation ----

    <T> T withEvalWeights(java.util.function.Supplier<T> body) {
        return training.withEvalWeights(body);
    }

    SentenceSet fixed(SentenceSet s) {
        return s.withFixedLength(steps);
    }

    /** q(z|x) for sentences (given as token ids without specials), in evaluation mode. */
    public LatentBatch encode(List<int[]> sentences) {
        String[] stats = posterior.statOutputs().toArray(new String[0]);
        Map<String, List<INDArray>> parts = new LinkedHashMap<>();
        for (int from = 0; from < sentences.size(); from += EVAL_CHUNK) {
            List<int[]> chunk = sentences.subList(from, Math.min(sentences.size(), from + EVAL_CHUNK));
            Batch b = fixed(new SentenceSet(chunk)).batch(range(chunk.size()), dtype);
            RealTokens rt = RealTokens.of(null, b.y(), b.mask(), dtype);
            Map<String, INDArray> f = Map.of(TOK_TGT, rt.targetIds(), TOK_SEL, rt.selector(),
                    ENC_MASK, SentenceEncoder.lastPosition(b.mask().castTo(dtype)));
            Map<String, INDArray> out = graph.sd().output(graph.feeds(f, false), stats);
            for (String k : stats) parts.computeIfAbsent(k, x -> new ArrayList<>()).add(out.get(k));
        }
        Map<String, INDArray> out = new HashMap<>();
        for (var e : parts.entrySet()) {
            out.put(e.getKey(), e.getValue().size() == 1 ? e.getValue().get(0) : Nd4j.concat(0, e.getValue().toArray(new INDArray[0])));
        }
        return posterior.latents(out);
    }

    /** Teacher-forced −log p(sentence_r | z_r). */
    public double[] negLogLik(List<int[]> sentences, double[][] z) {
        double[] nll = new double[sentences.size()];
        for (int from = 0; from < sentences.size(); from += EVAL_CHUNK) {
            int to = Math.min(sentences.size(), from + EVAL_CHUNK);
            Batch b = fixed(new SentenceSet(sentences.subList(from, to))).batch(range(to - from), dtype);
            RealTokens rt = RealTokens.of(b.x(), b.y(), b.mask(), dtype);
            Map<String, INDArray> f = Map.of(EV_TOK_IN, rt.inputIds(), EV_TOK_TGT, rt.targetIds(), EV_SEL, rt.selector(),
                    Z_IN, Nd4j.createFromArray(java.util.Arrays.copyOfRange(z, from, to)).castTo(dtype));
            double[] part = graph.sd().output(graph.feeds(f, false), EVAL_REC).get(EVAL_REC).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            System.arraycopy(part, 0, nll, from, part.length);
        }
        return nll;
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    @Override
    public Map<String, Double> evaluate(EvalRequest request) {
        int k = Integer.parseInt(request.options().getOrDefault("samples", String.valueOf(settings.evalSamples())));
        int miBatch = Integer.parseInt(request.options().getOrDefault("mi_batch", String.valueOf(Math.max(2, batchSize))));
        if (k < 1 || miBatch < 2) throw new UsageException("eval options: samples must be >= 1 and mi_batch >= 2");
        List<int[]> test = corpus.test().sentences();
        List<int[]> use = test.subList(0, Math.min(test.size(), request.limit()));
        EvalSource src = new EvalSource() {
            @Override
            public int size() {
                return use.size();
            }

            @Override
            public LatentBatch encode(int[] examples) {
                return TextVae.this.encode(pick(use, examples));
            }

            @Override
            public double[] negLogLik(int[] examples, double[][] z) {
                return TextVae.this.negLogLik(pick(use, examples), z);
            }

            @Override
            public double logPrior(double[] z) {
                return posterior.logPrior(z);
            }

            @Override
            public int tokens(int i) {
                return use.get(i).length + 1;
            }
        };
        return withEvalWeights(() -> VaeMetrics.evaluate(src, new VaeMetrics.Options(k, miBatch, 4_000, Integer.MAX_VALUE),
                new Rng(request.seed())));
    }

    static List<int[]> pick(List<int[]> all, int[] idx) {
        List<int[]> out = new ArrayList<>(idx.length);
        for (int i : idx) out.add(all.get(i));
        return out;
    }

    // ---- text out ----

    @Override
    public Map<String, Double> sample(SampleRequest request, Path out) {
        long t0 = System.nanoTime();
        TextSampling s = new TextSampling(this, TextDecoding.fromOptions(request.options()), new Rng(request.seed()));
        List<String> lines = withEvalWeights(() -> s.run(request.sampler(), request.n()));
        Path file = TextSampling.textPath(out);
        TextSampling.write(file, lines);
        for (String l : lines) console.println(l);
        console.println("(written to " + file + ")");
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("seconds", (System.nanoTime() - t0) / 1e9);
        return m;
    }

    @Override
    public void writePreview(Path runDir, long stepIndex) {
        TextSampling s = new TextSampling(this, TextDecoding.greedy(), new Rng(stepIndex));
        List<String> lines = withEvalWeights(() -> {
            List<String> l = new ArrayList<>(s.run("prior", 10));
            l.addAll(s.run("reconstruct", 5));
            return l;
        });
        TextSampling.write(runDir.resolve("samples").resolve("text-step" + stepIndex + ".txt"), lines);
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

    public void printSummary() {
        console.println(posterior.describe());
        console.printf("sentences %s: %d train / %d valid / %d test (%d longer than %d tokens dropped), vocabulary %d; "
                        + "LSTM %d/%d, z in %s, word dropout %.2f%n", corpus.name(), corpus.train().size(), corpus.valid().size(),
                corpus.test().size(), corpus.dropped(), settings.text().maxLength(), corpus.vocabulary().size(), settings.text().emb(),
                settings.text().hidden(), settings.text().condition(), settings.text().wordDropout());
        console.println(graph.parameterCount() + " parameters");
    }
}
