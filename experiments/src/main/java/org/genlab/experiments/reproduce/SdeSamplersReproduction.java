package org.genlab.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Datasets;
import org.genlab.common.data.Toy2d;
import org.genlab.common.metrics.ToyModes;
import org.genlab.common.random.Rng;
import org.genlab.common.viz.LinePlot;
import org.genlab.experiments.report.Report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static org.genlab.experiments.reproduce.ReproSupport.meanSd;

/**
 * {@code genlab reproduce sde-samplers}: Song et al. 2021's sampler and SDE comparisons at CPU scale (MATH.md §4.5,
 * §4.6, §4.8, §7). On a 2-D toy (8 Gaussians) and on Fashion-MNIST: Euler–Maruyama vs reverse diffusion vs PC vs the
 * PF-ODE (RK45) at equal NFE, with sample quality, NFE and wall time; VE vs VP vs sub-VP likelihood through the ODE.
 */
public final class SdeSamplersReproduction implements Reproduction {
    /** How much to spend; TEST is the package-private knob the end-to-end test uses. */
    record Scale(String name, int toySteps, int toyBatch, int toySamples, int[] toyBudgets, double toyOdeTol, int nllPoints,
                 int imgSteps, int imgBatch, int[] channels, int embedDim, int groups, int imgSamples, int[] imgBudgets,
                 double imgOdeTol, int bpdImages, double bpdTol, List<String> imgSdes, boolean imgAllSamplers) {
        static final Scale TEST = new Scale("test", 40, 64, 200, new int[]{50}, 1e-3, 50,
                2, 8, new int[]{8, 16}, 16, 4, 8, new int[0], 1e-1, 1, 1e-1, List.of("vp"), true);
        static final Scale QUICK = new Scale("quick", 1500, 256, 1000, new int[]{50, 200}, 1e-5, 500,
                150, 16, new int[]{16, 32}, 64, 8, 100, new int[]{50}, 1e-2, 4, 1e-2, List.of("vp"), true);
        static final Scale FULL = new Scale("full", 10000, 512, 5000, new int[]{100, 500, 1000}, 1e-5, 2000,
                20000, 64, new int[]{32, 64, 128}, 128, 8, 1000, new int[]{100, 500, 1000}, 1e-5, 500, 1e-5,
                List.of("vp", "subvp", "ve"), true);
    }

    static final String TOY = Toy2d.GAUSSIANS_8, IMAGES = Datasets.FASHION_MNIST;
    static final List<String> SDES = List.of("vp", "subvp", "ve");

    private final Scale forced;

    public SdeSamplersReproduction() {
        this(null);
    }

    SdeSamplersReproduction(Scale forced) {
        this.forced = forced;
    }

    @Override
    public String name() {
        return "sde-samplers";
    }

    @Override
    public String summary() {
        return "EM vs reverse diffusion vs PC vs PF-ODE at equal NFE; VE vs VP vs sub-VP likelihood (toy + Fashion-MNIST)";
    }

    @Override
    public String quickBudget() {
        return "~20 min";
    }

    @Override
    public String fullBudget() {
        return "~1-2 days";
    }

    @Override
    public String runCell(String cell, Path cellDir, DataPaths data) throws Exception {
        return ReproSupport.cached(cell, cellDir,
                () -> new SdeSamplersCell(ReproSupport.parse(cell), cellDir, data, System.out).run());
    }

    @Override
    public Path run(ReproductionOptions o) throws Exception {
        Scale s = forced != null ? forced : o.full() ? Scale.FULL : Scale.QUICK;
        long t0 = System.nanoTime();
        boolean images = Datasets.isInstalled(IMAGES, o.data());
        List<String> cells = new ArrayList<>();
        for (int seed = 0; seed < o.seeds(); seed++) {
            for (String sde : SDES) cells.add(toyCell(s, sde, seed));
            if (images) for (String sde : s.imgSdes()) cells.add(imageCell(s, sde, seed));
        }
        o.console().printf("sde-samplers (%s): %d cells%s%n", s.name(), cells.size(),
                images ? "" : "; " + IMAGES + " is not installed, so the image part is skipped (genlab data install " + IMAGES + ")");
        Files.createDirectories(o.out());
        List<String> results = o.runner().run(name(), cells, o.out().resolve("cells"), o.data());
        List<ObjectNode> cs = cells.stream().map(ReproSupport::parse).toList();
        List<ObjectNode> rs = results.stream().map(ReproSupport::parse).toList();
        Report r = report(s, o, cs, rs, images);
        ReproSupport.runFacts(r, this, o, s.name(), (System.nanoTime() - t0) / 1e9, cells);
        return r.write(o.out());
    }

    private static String toyCell(Scale s, String sde, int seed) {
        ObjectNode c = base(TOY, sde, seed, s.toySamples(), s.toyBudgets(), s.toyOdeTol(), true);
        c.put("nll_points", s.nllPoints());
        ObjectNode cfg = config(TOY, sde, seed, s.toySteps(), s.toyBatch(), 2e-3, 100);
        c.set("config", cfg);
        return ReproSupport.json(c);
    }

    private static String imageCell(Scale s, String sde, int seed) {
        ObjectNode c = base(IMAGES, sde, seed, s.imgSamples(), s.imgBudgets(), s.imgOdeTol(), s.imgAllSamplers() || sde.equals("vp"));
        c.put("bpd_images", s.bpdImages());
        c.put("bpd_tol", s.bpdTol());
        c.put("bpd_batch", Math.min(s.bpdImages(), 16));
        ObjectNode cfg = config(IMAGES, sde, seed, s.imgSteps(), s.imgBatch(), 1e-3, Math.min(100, s.imgSteps() / 5));
        ObjectNode net = cfg.putObject("net");
        ArrayNode ch = net.putArray("channels");
        for (int v : s.channels()) ch.add(v);
        net.put("embed_dim", s.embedDim());
        net.put("groups", s.groups());
        c.set("config", cfg);
        return ReproSupport.json(c);
    }

    private static ObjectNode base(String data, String sde, int seed, int samples, int[] budgets, double odeTol, boolean compare) {
        ObjectNode c = Config.JSON.createObjectNode();
        c.put("data", data);
        c.put("sde", sde);
        c.put("seed", seed);
        c.put("samples", samples);
        ArrayNode b = c.putArray("budgets");
        for (int v : budgets) b.add(v);
        c.put("ode_tol", odeTol);
        c.put("compare_samplers", compare);
        return c;
    }

    /** score-sde config overrides: everything else is the factory's default (MATH.md §4.7 scaled for CPU). */
    private static ObjectNode config(String data, String sde, int seed, int steps, int batch, double lr, int warmup) {
        ObjectNode cfg = Config.JSON.createObjectNode();
        cfg.put("model", "score-sde");
        cfg.put("data", data);
        cfg.put("seed", seed);
        cfg.put("steps", steps);
        cfg.put("batch", batch);
        ObjectNode t = cfg.putObject("train");
        t.put("lr", lr);
        t.put("warmup", warmup);
        t.put("log_every", 1000000);
        cfg.putObject("sde").put("type", sde);
        return cfg;
    }

    // ---- report ----

    private Report report(Scale s, ReproductionOptions o, List<ObjectNode> cells, List<ObjectNode> res, boolean images) throws Exception {
        Report r = new Report("sde-samplers: samplers and SDEs of score-based diffusion (Song et al. 2021) at CPU scale");
        r.paragraph("Score-sde models (genlab's `score-sde`: DSM training with EMA, MATH.md §4.4) are trained on a 2-D toy ("
                + TOY + ") and on " + IMAGES + " with the VP, sub-VP and VE SDEs, then sampled at **equal numbers of "
                + "score evaluations (NFE)**: Euler–Maruyama with N = B steps, reverse diffusion with N = B, PC (reverse "
                + "diffusion + one Langevin corrector step, snr 0.16) with N = B/2, and the probability-flow ODE with RK45 "
                + "(adaptive, its NFE reported). Likelihoods come from the PF-ODE (MATH.md §4.6). Budget: **" + s.name()
                + "** — far below the paper's (1.3 M iterations of a 60 M-parameter network on CIFAR-10), so absolute "
                + "numbers are not comparable with the paper's; the comparisons (orderings) are what this checks.");

        r.section("Paper claims beside measured numbers");
        r.table(List.of("claim (source)", "paper", "measured here"), claims(cells, res, images));

        r.section("Toy: " + TOY);
        r.paragraph("Quality of samples: modes hit (a mode is hit when it holds a quarter of its fair share of samples "
                + "within 3σ), high-quality share (samples within 3σ of a mode; true samples: 0.989) and the NLL of the "
                + "samples under the true mixture (nats/point; true samples: " + String.format(Locale.ROOT, "%.3f",
                trueToyNll()) + "). Mean ± sd over seeds.");
        r.table(List.of("SDE", "sampler", "NFE", "modes hit", "HQ share", "sample NLL (true density)", "time (s)"),
                samplerRows(cells, res, TOY, x -> List.of(
                        meanSd(x.apply("modes_hit"), "%.1f") + "/8", meanSd(x.apply("hq_share"), "%.3f"),
                        meanSd(x.apply("sample_nll"), "%.3f"))));
        for (String sde : SDES) addPictures(r, cells, res, TOY, sde);

        if (images) {
            r.section("Images: " + IMAGES);
            String fnet = "";
            for (ObjectNode x : res) if (x.has("feature_net")) fnet = x.get("feature_net").asText();
            r.paragraph("FID and KID on the features of the project's own classifier (" + fnet + "): \"FID-clf\", "
                    + "comparable only within this project. The floor is the same score between n real train images "
                    + "and the test split: a sampler cannot be told from data below it. Max class share: the largest "
                    + "fraction of samples the classifier puts in one class (0.1 for balanced classes).");
            r.table(List.of("SDE", "sampler", "NFE", "FID-clf (floor)", "KID-clf (floor)", "n", "max class share", "time (s)"),
                    imageRows(cells, res));
            for (String sde : s.imgSdes()) addPictures(r, cells, res, IMAGES, sde);
        } else {
            r.section("Images");
            r.paragraph(IMAGES + " is not installed, so the image part was skipped (run `genlab data install " + IMAGES + "`).");
        }

        r.section("Likelihood through the PF-ODE: VE vs VP vs sub-VP");
        r.table(List.of("data", "SDE", "NLL", "bits/dim", "Gaussian-fit baseline", "ODE NFE", "time (s)", "paper (CIFAR-10 bpd)"),
                likelihoodRows(cells, res));
        r.paragraph("Toy NLL is in nats per 2-D point of fresh data (exact divergence); bits/dim = NLL / (2 ln 2). Image "
                + "bits/dim uses uniform dequantisation and the Hutchinson–Rademacher divergence on a subset of the test "
                + "split (MATH.md §4.6). Paper column: score_sde's DDPM++ continuous checkpoints (MATH.md §4.8).");

        r.section("Training curves");
        Path curves = o.out().resolve("loss-curves.png");
        LinePlot p = LinePlot.create().title("DSM loss (mean over windows)").xAxis("step").yAxis("loss").logY(true);
        for (int i = 0; i < cells.size(); i++) {
            JsonNode c = res.get(i).get("loss_curve");
            if (cells.get(i).get("seed").asInt() != 0 || c.size() == 0) continue;
            double[] y = ReproSupport.doubles(c);
            double[] x = new double[y.length];
            int every = res.get(i).get("curve_every").asInt();
            for (int k = 0; k < y.length; k++) x[k] = (k + 1.0) * every;
            p.series((Toy2d.isToy(cells.get(i).get("data").asText()) ? "toy " : "img ") + cells.get(i).get("sde").asText(), x, y);
        }
        p.writePng(curves);
        r.image(curves, "Denoising score-matching loss during training (seed 0)");
        List<List<String>> tr = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            ObjectNode c = cells.get(i), x = res.get(i);
            tr.add(List.of(c.get("data").asText(), c.get("sde").asText(), c.get("seed").asText(),
                    c.get("config").get("steps").asText(), c.get("config").get("batch").asText(), x.get("parameters").asText(),
                    String.format(Locale.ROOT, "%.0f", x.get("train_seconds").asDouble())));
        }
        r.table(List.of("data", "SDE", "seed", "steps", "batch", "parameters", "train time (s)"), tr);
        return r;
    }

    private static double trueToyNll() {
        double[][] p = ToyModes.rows(Toy2d.of(TOY).sample(new Rng(99), 20000), 2);
        return ToyModes.mixtureNll(p, Toy2d.modeCentres(TOY), Toy2d.modeStd(TOY));
    }

    /** Rows per (SDE, sampler, budget), the sampler results aggregated over seeds. */
    private static List<List<String>> samplerRows(List<ObjectNode> cells, List<ObjectNode> res, String data,
                                                  Function<Function<String, List<Double>>, List<String>> quality) {
        Map<String, List<ObjectNode>> groups = groupSamplers(cells, res, data);
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, List<ObjectNode>> e : groups.entrySet()) {
            List<ObjectNode> g = e.getValue();
            Function<String, List<Double>> col = k -> g.stream().filter(x -> x.has(k)).map(x -> x.get(k).asDouble()).toList();
            List<String> row = new ArrayList<>(List.of(e.getKey().split("\\|")[0], label(g.get(0)), meanSd(col.apply("nfe"), "%.0f")));
            row.addAll(quality.apply(col));
            row.add(meanSd(col.apply("seconds"), "%.1f"));
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> imageRows(List<ObjectNode> cells, List<ObjectNode> res) {
        return samplerRows(cells, res, IMAGES, col -> List.of(
                meanSd(col.apply("fid"), "%.1f") + " (" + meanSd(col.apply("fid_floor"), "%.2f") + ")",
                meanSd(col.apply("kid"), "%.4f") + " (" + meanSd(col.apply("kid_floor"), "%.4f") + ")",
                meanSd(col.apply("n"), "%.0f"), meanSd(col.apply("max_class_share"), "%.2f")));
    }

    private static String label(JsonNode x) {
        String s = x.get("sampler").asText();
        return switch (s) {
            case "em" -> "Euler–Maruyama";
            case "reverse_diffusion" -> "reverse diffusion";
            case "pc" -> "PC (RD + Langevin)";
            default -> "PF-ODE (RK45)";
        } + (x.get("budget").asInt() > 0 ? " @ B=" + x.get("budget").asInt() : "");
    }

    private static Map<String, List<ObjectNode>> groupSamplers(List<ObjectNode> cells, List<ObjectNode> res, String data) {
        Map<String, List<ObjectNode>> groups = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            if (!cells.get(i).get("data").asText().equals(data)) continue;
            for (JsonNode x : res.get(i).get("samplers")) {
                String key = cells.get(i).get("sde").asText() + "|" + x.get("sampler").asText() + "|" + x.get("budget").asInt();
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add((ObjectNode) x);
            }
        }
        return groups;
    }

    private static void addPictures(Report r, List<ObjectNode> cells, List<ObjectNode> res, String data, String sde) {
        for (int i = 0; i < cells.size(); i++) {
            ObjectNode c = cells.get(i);
            if (!c.get("data").asText().equals(data) || !c.get("sde").asText().equals(sde) || c.get("seed").asInt() != 0) continue;
            JsonNode ss = res.get(i).get("samplers");
            if (ss.size() == 0) continue;
            r.subsection("Samples, " + sde + " (seed 0)");
            int maxBudget = 0;
            for (JsonNode x : ss) maxBudget = Math.max(maxBudget, x.get("budget").asInt());
            for (JsonNode x : ss) {
                int b = x.get("budget").asInt();
                if (b != 0 && b != maxBudget) continue;
                r.image(Path.of(x.get("picture").asText()), label(x) + ", " + sde + ", NFE " + x.get("nfe").asInt());
            }
        }
    }

    private static List<List<String>> likelihoodRows(List<ObjectNode> cells, List<ObjectNode> res) {
        Map<String, String> paper = Map.of("vp", "3.16 (DDPM++ cont.)", "subvp", "3.02 (DDPM++ cont.)", "ve", "– (not reported)");
        List<List<String>> rows = new ArrayList<>();
        for (String data : List.of(TOY, IMAGES)) {
            for (String sde : SDES) {
                List<JsonNode> ls = new ArrayList<>();
                for (int i = 0; i < cells.size(); i++) {
                    if (cells.get(i).get("data").asText().equals(data) && cells.get(i).get("sde").asText().equals(sde)) {
                        ls.add(res.get(i).get("likelihood"));
                    }
                }
                if (ls.isEmpty()) continue;
                Function<String, List<Double>> col = k -> ls.stream().filter(x -> x.has(k)).map(x -> x.get(k).asDouble()).toList();
                boolean toy = Toy2d.isToy(data);
                List<Double> nll = col.apply(toy ? "nll" : "bpd");
                List<Double> bpd = toy ? nll.stream().map(v -> v / (2 * Math.log(2))).toList() : nll;
                double nfe = ReproSupport.mean(col.apply(toy ? "nfe" : "nfe_per_batch"));
                rows.add(List.of(data, sde, toy ? meanSd(nll, "%.3f") + " nats" : "–", meanSd(bpd, "%.3f"),
                        toy ? meanSd(col.apply("gaussian_nll"), "%.3f") + " nats" : "–",
                        String.format(Locale.ROOT, "%.0f", nfe), meanSd(col.apply("seconds"), "%.1f"), toy ? "–" : paper.get(sde)));
            }
        }
        return rows;
    }

    /** Each claim of MATH.md §4.8/§6 row A beside the matching measured comparison. */
    private static List<List<String>> claims(List<ObjectNode> cells, List<ObjectNode> res, boolean images) {
        List<List<String>> rows = new ArrayList<>();
        Map<String, List<ObjectNode>> toy = groupSamplers(cells, res, TOY);
        int maxB = 0;
        for (String k : toy.keySet()) maxB = Math.max(maxB, Integer.parseInt(k.split("\\|")[2]));
        StringBuilder pcVsRd = new StringBuilder();
        for (String sde : SDES) {
            double pc = meanOf(toy, sde + "|pc|" + maxB, "hq_share"), rd = meanOf(toy, sde + "|reverse_diffusion|" + maxB, "hq_share"),
                    em = meanOf(toy, sde + "|em|" + maxB, "hq_share");
            if (!Double.isNaN(pc)) pcVsRd.append(sde + ": PC " + num(pc, "%.3f") + ", RD " + num(rd, "%.3f") + ", EM " + num(em, "%.3f") + "; ");
        }
        rows.add(List.of("At equal NFE, PC (predictor + corrector) samples are at least as good as predictor-only "
                        + "(paper Table 1; not retrieved, MATH.md §4.8)", "qualitative",
                "toy HQ share at B=" + maxB + ": " + pcVsRd));
        StringBuilder ode = new StringBuilder();
        for (String sde : SDES) {
            double o = meanOf(toy, sde + "|ode|0", "hq_share"), n = meanOf(toy, sde + "|ode|0", "nfe");
            if (!Double.isNaN(o)) ode.append(sde + ": ODE " + num(o, "%.3f") + " at NFE " + num(n, "%.0f") + "; ");
        }
        if (images) {
            Map<String, List<ObjectNode>> img = groupSamplers(cells, res, IMAGES);
            int mb = 0;
            for (String k : img.keySet()) mb = Math.max(mb, Integer.parseInt(k.split("\\|")[2]));
            double pc = meanOf(img, "vp|pc|" + mb, "fid"), o = meanOf(img, "vp|ode|0", "fid"), fl = meanOf(img, "vp|ode|0", "fid_floor");
            ode.append("images (vp): FID-clf PC " + num(pc, "%.1f") + " vs ODE " + num(o, "%.1f") + " (floor " + num(fl, "%.2f") + ")");
        }
        rows.add(List.of("PF-ODE samples are somewhat worse than PC samples (FID), at adaptive NFE (§4.8)",
                "VP DDPM++ cont.: PC 2.55 vs ODE 3.93; sub-VP: 2.61 vs 3.16", "toy HQ share " + ode));
        StringBuilder lik = new StringBuilder();
        for (String data : images ? List.of(TOY, IMAGES) : List.of(TOY)) {
            for (String sde : SDES) {
                List<Double> v = new ArrayList<>();
                for (int i = 0; i < cells.size(); i++) {
                    if (cells.get(i).get("data").asText().equals(data) && cells.get(i).get("sde").asText().equals(sde)) {
                        JsonNode l = res.get(i).get("likelihood");
                        v.add(Toy2d.isToy(data) ? l.get("nll").asDouble() / (2 * Math.log(2)) : l.get("bpd").asDouble());
                    }
                }
                if (!v.isEmpty()) lik.append(String.format(Locale.ROOT, "%s %s %.3f; ", Toy2d.isToy(data) ? "toy" : "img", sde,
                        ReproSupport.mean(v)));
            }
        }
        rows.add(List.of("sub-VP gives the best likelihood, VP next (§4.8, CIFAR-10 bits/dim)",
                "sub-VP 3.02 < VP 3.16 (DDPM++ cont.); deep: 2.99 < 3.13", "bits/dim " + lik));
        return rows;
    }

    /** A number, or "–" when it was not measured at this scale. */
    private static String num(double v, String fmt) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, fmt, v) : "–";
    }

    private static double meanOf(Map<String, List<ObjectNode>> g, String key, String field) {
        List<ObjectNode> l = g.get(key);
        if (l == null) return Double.NaN;
        return ReproSupport.mean(l.stream().filter(x -> x.has(field)).map(x -> x.get(field).asDouble()).toList());
    }
}
