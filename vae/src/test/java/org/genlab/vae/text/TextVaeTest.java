package org.genlab.vae.text;

import org.genlab.common.config.Config;
import org.genlab.common.data.TextCorpus;
import org.genlab.common.data.Vocabulary;
import org.genlab.common.model.EvalRequest;
import org.genlab.common.model.SampleRequest;
import org.genlab.common.random.Rng;
import org.genlab.common.random.RngStreams;
import org.genlab.common.state.StateBundle;
import org.genlab.common.train.TrainConfig;
import org.genlab.vae.model.VaeKind;
import org.genlab.vae.model.VaeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sentence VAEs on a tiny synthetic grammar (no installed data needed): every kind trains and round-trips; the
 * teacher-forced NLL equals the sum of the one-step decoder's log-probabilities; beam width 1 is greedy and wider
 * beams do not score worse; word dropout touches only real tokens after {@code <bos>}; perplexity is consistent.
 */
class TextVaeTest {
    static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

    static TextCorpus corpus() {
        String[] det = {"the", "a"}, noun = {"cat", "dog", "bird"}, verb = {"runs", "sleeps", "sings"}, adv = {"fast", "slowly", "today"};
        Rng rng = new Rng(5);
        List<List<String>> s = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            List<String> t = new ArrayList<>(List.of(det[rng.nextInt(2)], noun[rng.nextInt(3)], verb[rng.nextInt(3)]));
            if (rng.nextDouble() < 0.5) t.add(adv[rng.nextInt(3)]);
            s.add(t);
        }
        return TextCorpus.build("grammar", s, new TextCorpus.Options(6, 100, 1, 0.1, 0.1, 1L));
    }

    static Config config(VaeKind kind, String... kv) {
        Config c = Config.of(VaeSettings.defaults(kind));
        c.set("data", "grammar");
        c.set("batch", "16");
        c.set("vae.latent", "4");
        c.set("vae.text.emb", "16");
        c.set("vae.text.hidden", "24");
        c.set("vae.text.max_len", "6");
        c.set("vae.text.word_dropout", "0.2");
        c.set("train.lr", "0.005");
        for (int i = 0; i < kv.length; i += 2) c.set(kv[i], kv[i + 1]);
        return c;
    }

    static TextVae model(Config c, TextCorpus corpus, long seed) {
        return new TextVae(VaeSettings.from(c), TrainConfig.from(c), corpus, new RngStreams(seed), DataType.FLOAT, QUIET);
    }

    @Test
    void everyKindTrainsRoundTripsEvaluatesAndWritesText(@TempDir Path dir) throws Exception {
        TextCorpus corpus = corpus();
        for (VaeKind kind : VaeKind.values()) {
            Config c = config(kind, "vae.text.dropout", kind == VaeKind.VAE ? "0.1" : "0.0",
                    "vae.text.condition", kind == VaeKind.BN_VAE ? "init" : kind == VaeKind.BN_VAE_SU ? "input" : "both");
            TextVae m = model(c, corpus, 1);
            double first = 0, last = 0;
            int steps = 40;
            for (int s = 0; s < steps; s++) {
                Map<String, Double> r = m.trainStep(s);
                for (double v : r.values()) assertTrue(Double.isFinite(v), kind + " step " + s + ": " + r);
                if (s < 5) first += r.get("neg_elbo") / 5;
                if (s >= steps - 5) last += r.get("neg_elbo") / 5;
            }
            assertTrue(last < first - 1, kind + ": -ELBO should fall, " + first + " -> " + last);
            StateBundle b = new StateBundle();
            m.writeState(b);
            TextVae copy = model(c, corpus, 1);
            copy.readState(b);
            EvalRequest req = new EvalRequest(List.of(), 40, Map.of("samples", "4"), 2);
            Map<String, Double> e = m.evaluate(req);
            assertEquals(e, copy.evaluate(req), kind + ": restored model evaluates identically");
            long tokens = 0;
            for (int i = 0; i < 40; i++) tokens += corpus.test().sentence(i).length + 1;
            assertEquals(Math.exp(e.get("nll_iw") * 40 / tokens), e.get("ppl_iw"), 1e-9 * e.get("ppl_iw"));
            for (String k : List.of("elbo", "nll_iw", "kl", "mi", "au", "ppl_iw")) assertTrue(Double.isFinite(e.get(k)), kind + " " + k);
            for (String sampler : List.of("prior", "reconstruct", "homotopy")) {
                for (String dec : kind == VaeKind.VAE ? List.of("greedy", "sample", "beam") : List.of("greedy")) {
                    Path out = dir.resolve(kind.modelName() + "-" + sampler + "-" + dec + ".png");
                    m.sample(new SampleRequest(7, sampler, Map.of("decode", dec, "temperature", "0.7", "beam", "3"), 1), out);
                    Path txt = TextSampling.textPath(out);
                    assertTrue(Files.isRegularFile(txt) && Files.readAllLines(txt).size() >= 2, txt + " written");
                }
            }
        }
    }

    /** The evaluation path (teacher forcing over T steps) and the decoding path (one step at a time) agree. */
    @Test
    void teacherForcedNllEqualsSumOfStepLogProbs() {
        TextCorpus corpus = corpus();
        for (String cond : List.of("both", "init", "input")) {
            TextVae m = model(config(VaeKind.VAE, "vae.text.condition", cond), corpus, 3);
            for (int s = 0; s < 5; s++) m.trainStep(s);
            Rng rng = new Rng(4);
            List<int[]> sents = List.of(corpus.test().sentence(0), corpus.test().sentence(1));
            double[][] z = {{0.3, -1.0, 0.5, 0.1}, {-0.7, 0.2, 1.5, -0.3}};
            double[] nll = m.negLogLik(sents, z);
            for (int i = 0; i < 2; i++) {
                double viaSteps = -TextDecodingTestSupport.sequenceLogProb(m, sents.get(i), z[i]);
                assertEquals(nll[i], viaSteps, 1e-4 * (1 + nll[i]), cond + ": sentence " + i);
            }
            assertTrue(rng.nextDouble() >= 0);
        }
    }

    @Test
    void beamWidthOneIsGreedyAndWiderBeamsScoreAtLeastAsWell() {
        TextCorpus corpus = corpus();
        TextVae m = model(config(VaeKind.VAE), corpus, 6);
        for (int s = 0; s < 30; s++) m.trainStep(s);
        Rng rng = new Rng(7);
        double[][] z = m.posterior().priorSample(rng, 10, DataType.DOUBLE).toDoubleMatrix();
        List<int[]> greedy = TextDecoding.greedy().decode(m, z, rng);
        List<int[]> beam1 = new TextDecoding(TextDecoding.Mode.BEAM, 1, 1).decode(m, z, rng);
        List<int[]> beam5 = new TextDecoding(TextDecoding.Mode.BEAM, 1, 5).decode(m, z, rng);
        double g = 0, b5 = 0;
        for (int i = 0; i < z.length; i++) {
            assertArrayEquals(greedy.get(i), beam1.get(i), "beam 1 = greedy for row " + i);
            g += TextDecodingTestSupport.sequenceLogProb(m, greedy.get(i), z[i]);
            b5 += TextDecodingTestSupport.sequenceLogProb(m, beam5.get(i), z[i]);
        }
        assertTrue(b5 >= g - 1e-6, "beam 5 total log-prob " + b5 + " should be >= greedy " + g);
    }

    @Test
    void wordDropoutReplacesOnlyRealTokensAfterBos() {
        int[][] ids = new int[200][8];
        float[][] mask = new float[200][8];
        for (int i = 0; i < 200; i++) {
            ids[i][0] = Vocabulary.BOS_ID;
            for (int t = 1; t < 8; t++) ids[i][t] = t < 6 ? 10 + t : Vocabulary.PAD_ID;
            for (int t = 0; t < 6; t++) mask[i][t] = 1;
        }
        INDArray out = TextVae.wordDropout(Nd4j.createFromArray(ids), Nd4j.createFromArray(mask), 0.3, new Rng(1));
        int[][] o = out.toIntMatrix();
        int dropped = 0, real = 0;
        for (int i = 0; i < 200; i++) {
            assertEquals(Vocabulary.BOS_ID, o[i][0]);
            for (int t = 1; t < 8; t++) {
                if (t >= 6) assertEquals(Vocabulary.PAD_ID, o[i][t]);
                else {
                    real++;
                    if (o[i][t] == Vocabulary.UNK_ID) dropped++;
                    else assertEquals(10 + t, o[i][t]);
                }
            }
        }
        assertEquals(0.3, dropped / (double) real, 0.03);
    }
}
