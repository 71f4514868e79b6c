package org.genlab.vae.text;

import org.genlab.common.UsageException;
import org.genlab.common.data.Vocabulary;
import org.genlab.common.random.Rng;
import org.genlab.vae.posterior.LatentBatch;
import org.genlab.vae.posterior.VmfLatents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Text a sentence VAE produces: sentences decoded from prior draws, reconstructions of test sentences (decoded from
 * the posterior's code: the mean for Gaussians, the mean direction for vMF), and homotopies between two test
 * sentences (Bowman et al.): codes on the straight line (Gaussian) or great circle (vMF) between their codes.
 */
final class TextSampling {
    static final int HOMOTOPY_STEPS = 7;
    private final TextVae m;
    private final TextDecoding decoding;
    private final Rng rng;

    TextSampling(TextVae m, TextDecoding decoding, Rng rng) {
        this.m = m;
        this.decoding = decoding;
        this.rng = rng;
    }

    List<String> run(String sampler, int n) {
        return switch (sampler) {
            case "prior", "default" -> prior(n);
            case "reconstruct" -> reconstruct(n);
            case "homotopy", "interpolate" -> homotopy(Math.max(1, n / HOMOTOPY_STEPS));
            default -> throw new UsageException("unknown text sampler '" + sampler + "'; use prior, reconstruct or homotopy");
        };
    }

    private Vocabulary vocab() {
        return m.corpus().vocabulary();
    }

    private String text(int[] ids) {
        return vocab().decodeText(ids);
    }

    List<String> prior(int n) {
        double[][] z = m.posterior().priorSample(rng, n, org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        List<String> out = new ArrayList<>();
        out.add("# sentences from prior draws, decoding: " + decoding.describe());
        for (int[] s : decoding.decode(m, z, rng)) out.add(text(s));
        return out;
    }

    private List<int[]> testSentences(int n) {
        List<int[]> test = m.corpus().test().sentences();
        int[] perm = rng.permutation(test.size());
        List<int[]> pick = new ArrayList<>();
        for (int i = 0; i < Math.min(n, perm.length); i++) pick.add(test.get(perm[i]));
        return pick;
    }

    private static double[] code(LatentBatch q, int i) {
        return q instanceof VmfLatents v ? v.direction(i) : q.mean(i);
    }

    List<String> reconstruct(int n) {
        List<int[]> sents = testSentences(n);
        LatentBatch q = m.encode(sents);
        double[][] z = new double[sents.size()][];
        for (int i = 0; i < z.length; i++) z[i] = code(q, i);
        List<int[]> dec = decoding.decode(m, z, rng);
        List<String> out = new ArrayList<>();
        out.add("# reconstructions of test sentences from the posterior code, decoding: " + decoding.describe());
        for (int i = 0; i < z.length; i++) {
            out.add("in : " + text(sents.get(i)));
            out.add("out: " + text(dec.get(i)));
        }
        return out;
    }

    List<String> homotopy(int pairs) {
        List<int[]> sents = testSentences(2 * pairs);
        LatentBatch q = m.encode(sents);
        boolean sphere = q instanceof VmfLatents;
        List<String> out = new ArrayList<>();
        out.add("# homotopies between test sentences (" + (sphere ? "great circle" : "straight line") + " in z), decoding: "
                + decoding.describe());
        for (int p = 0; p < pairs; p++) {
            double[] a = code(q, 2 * p), b = code(q, 2 * p + 1);
            double[][] z = new double[HOMOTOPY_STEPS][];
            for (int s = 0; s < HOMOTOPY_STEPS; s++) {
                double t = s / (double) (HOMOTOPY_STEPS - 1);
                z[s] = sphere ? org.genlab.vae.model.Interpolation.slerp(a, b, t) : org.genlab.vae.model.Interpolation.lerp(a, b, t);
            }
            out.add("A: " + text(sents.get(2 * p)));
            List<int[]> dec = decoding.decode(m, z, rng);
            for (int s = 0; s < HOMOTOPY_STEPS; s++) out.add(String.format("%.2f %s", s / (double) (HOMOTOPY_STEPS - 1), text(dec.get(s))));
            out.add("B: " + text(sents.get(2 * p + 1)));
            out.add("");
        }
        return out;
    }

    /** Text goes next to a requested .png as .txt (the CLI's default sample name is an image). */
    static Path textPath(Path out) {
        String name = out.getFileName().toString();
        return name.endsWith(".png") ? out.resolveSibling(name.substring(0, name.length() - 4) + ".txt") : out;
    }

    static void write(Path file, List<String> lines) {
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
