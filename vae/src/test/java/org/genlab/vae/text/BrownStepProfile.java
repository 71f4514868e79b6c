package org.genlab.vae.text;

import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Datasets;
import org.genlab.common.data.TextCorpus;
import org.genlab.common.random.RngStreams;
import org.genlab.common.train.TrainConfig;
import org.genlab.vae.model.VaeKind;
import org.genlab.vae.model.VaeSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Arrays;

/**
 * Not a test: a timing harness for a text-VAE training step on Brown, run on demand with
 * {@code -Dgenlab.profile=true -Dtest=BrownStepProfile}. Prints median ms per step (wall, and process CPU time, which a
 * loaded machine inflates less) of the full step, of building the
 * feeds alone (data pipeline), and of the same model with a 1k vocabulary and with half the sentence length, which
 * splits the time into vocabulary-sized work and per-time-step work.
 */
@EnabledIfSystemProperty(named = "genlab.profile", matches = "true")
class BrownStepProfile {
    private static final int WARMUP = 2, TIMED = 5;

    @Test
    void profile() {
        DataPaths paths = DataPaths.defaults();
        Assumptions.assumeTrue(Datasets.isInstalled(Datasets.BROWN, paths), "brown not installed");
        int maxLen = Integer.getInteger("genlab.profile.maxlen", 30);
        int batch = Integer.getInteger("genlab.profile.batch", 32);
        String kind = System.getProperty("genlab.profile.model", "vae");
        report("configured", run(paths, kind, maxLen, 10_000, batch));
        if (Boolean.getBoolean("genlab.profile.ablate")) {
            report("vocab 1k", run(paths, kind, maxLen, 1_000, batch));
            report("max_len/2", run(paths, kind, maxLen / 2, 10_000, batch));
        }
    }

    private static void report(String what, double[] r) {
        System.out.printf("PROFILE %-12s step %.1f ms wall, %.1f ms process CPU; feeds %.1f ms%n", what, r[0], r[2], r[1]);
    }

    private static double[] run(DataPaths paths, String kind, int maxLen, int vocab, int batch) {
        Config c = Config.of(VaeSettings.defaults(VaeKind.of(kind)));
        c.set("data", "brown");
        c.set("batch", String.valueOf(batch));
        c.set("vae.latent", "32");
        c.set("vae.text.max_len", String.valueOf(maxLen));
        c.set("vae.text.vocab", String.valueOf(vocab));
        VaeSettings s = VaeSettings.from(c);
        TextCorpus corpus = Datasets.text("brown", paths,
                new TextCorpus.Options(maxLen, vocab, 1, 0.1, 0.1, TextVae.SPLIT_SEED));
        TextVae m = new TextVae(s, TrainConfig.from(c), corpus, new RngStreams(1), DataType.FLOAT, TextVaeTest.QUIET);
        String trace = System.getProperty("genlab.profile.trace");
        if (trace != null) {
            // per-op timings (Chrome trace JSON) of the timed steps; summarise with any JSON tool
            m.graph().sd().addListeners(new org.nd4j.autodiff.listeners.profiler.ProfilingListener.Builder(new java.io.File(trace))
                    .recordAll().warmup(WARMUP).build());
        }
        double[] steps = new double[TIMED], feeds = new double[TIMED], cpu = new double[TIMED];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < WARMUP + TIMED; i++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            m.trainStep(i);
            long t1 = System.nanoTime();
            if (i >= WARMUP) cpu[i - WARMUP] = (os.getProcessCpuTime() - c0) / 1e6;
            m.trainingFeeds(i);
            long t2 = System.nanoTime();
            if (i >= WARMUP) {
                steps[i - WARMUP] = (t1 - t0) / 1e6;
                feeds[i - WARMUP] = (t2 - t1) / 1e6;
            }
        }
        Arrays.sort(steps);
        Arrays.sort(feeds);
        Arrays.sort(cpu);
        return new double[]{steps[TIMED / 2], feeds[TIMED / 2], cpu[TIMED / 2]};
    }
}
