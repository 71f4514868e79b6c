package org.genlab.diffusion.model;

import org.genlab.common.UsageException;
import org.genlab.common.data.Toy2d;
import org.genlab.common.metrics.ImageScores;
import org.genlab.common.metrics.Score;
import org.genlab.common.model.EvalRequest;
import org.genlab.common.random.Rng;
import org.genlab.common.random.RngStreams;
import org.genlab.diffusion.likelihood.DivergenceMethod;
import org.genlab.diffusion.likelihood.LikelihoodResult;
import org.genlab.diffusion.likelihood.OdeLikelihood;
import org.genlab.diffusion.sampling.SampleResult;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.PerSample;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code genlab eval} for score-sde. Images: "bpd", bits/dim of test images through the probability-flow ODE
 * (MATH.md §4.6: RK45 from ε_l = 1e-5 to T, uniform dequantisation, Hutchinson–Rademacher divergence by default,
 * offset 8 for [0, 1] data and 7 for [−1, 1]). Toys: "nll", nats per point of fresh points (exact divergence by
 * default) next to "gaussian_nll", the NLL of the maximum-likelihood Gaussian fitted to the same points; "modes",
 * mode coverage of ODE samples for the Gaussian-mixture toys (with the rtol/atol options as sampler tolerances).
 * Images also: "fid", scores of --limit (default 256) PF-ODE samples on the features of the project's own classifier
 * (common.metrics.ImageScores: FID and KID with their noise floors at the same n, and the classifier's class shares),
 * so that "recognisable samples" is a number, not only a picture.
 */
final class Evaluation {
    private static final Set<String> OPTIONS = Set.of("divergence", "rtol", "atol", "eps", "batch", "repeats");
    private static final int DEFAULT_TOY_POINTS = 2000;
    private static final int DEFAULT_SCORED_SAMPLES = 256;

    private final ScoreSdeModel model;
    private final PrintStream out;

    Evaluation(ScoreSdeModel model, PrintStream out) {
        this.model = model;
        this.out = out;
    }

    Map<String, Double> run(EvalRequest req) {
        for (String k : req.options().keySet()) {
            if (!OPTIONS.contains(k)) {
                throw new UsageException("unknown eval option '" + k + "'; score-sde accepts: " + String.join(", ", OPTIONS.stream().sorted().toList()));
            }
        }
        List<String> metrics = req.metrics().isEmpty() ? List.of(model.isToy() ? "nll" : "bpd") : req.metrics();
        Map<String, Double> res = new LinkedHashMap<>();
        for (String metric : metrics) {
            switch (metric) {
                case "bpd" -> {
                    if (model.isToy()) throw new UsageException("bits/dim needs image data; for " + model.dataName() + " use --metric nll");
                    res.putAll(bitsPerDim(req));
                }
                case "nll" -> {
                    if (!model.isToy()) throw new UsageException("nll is the 2-D toy metric; for images use --metric bpd");
                    res.putAll(toyNll(req));
                }
                case "modes" -> res.putAll(modes(req));
                case "fid" -> {
                    if (model.isToy()) throw new UsageException("fid needs image data; for " + model.dataName() + " use --metric modes");
                    res.putAll(sampleScores(req));
                }
                default -> throw new UsageException("unknown metric '" + metric + "' for score-sde; use "
                        + (model.isToy() ? "nll, modes" : "bpd, fid"));
            }
        }
        return res;
    }

    private OdeLikelihood likelihood(EvalRequest req, ScoreFn score, String defaultDivergence) {
        String d = req.options().getOrDefault("divergence", defaultDivergence).trim().toLowerCase(Locale.ROOT);
        DivergenceMethod m = switch (d) {
            case "exact" -> DivergenceMethod.EXACT;
            case "rademacher" -> DivergenceMethod.HUTCHINSON_RADEMACHER;
            case "gaussian" -> DivergenceMethod.HUTCHINSON_GAUSSIAN;
            default -> throw new UsageException("option divergence must be exact, rademacher or gaussian, got '" + d + "'");
        };
        return OdeLikelihood.builder(model.sde(), score).divergence(m).rtol(positive(req, "rtol", 1e-5))
                .atol(positive(req, "atol", 1e-5)).eps(positive(req, "eps", 1e-5)).build();
    }

    private Map<String, Double> bitsPerDim(EvalRequest req) {
        ImageData img = (ImageData) model.data();
        int size = img.dataset().test().size();
        int n = Math.min(req.limit(), size);
        if (n < 1) throw new UsageException("--limit must be at least 1");
        int batch = positiveInt(req, "batch", 50);
        int repeats = positiveInt(req, "repeats", 1);
        ScoreFn score = model.samplingScore();
        OdeLikelihood lik = likelihood(req, score, "rademacher");
        Rng rng = new Rng(RngStreams.seedFor(req.seed(), "eval"));
        long dims = PerSample.dims(img.images(true, 0, 1, new Rng(0)));
        double offset = img.bitsOffset();
        double sum = 0, sumSq = 0;
        long count = 0, nfe = 0;
        long t0 = System.nanoTime();
        out.printf("bpd: %d test images x %d repeat(s), batch %d, divergence %s, offset %.4f bits%n", n, repeats, batch,
                req.options().getOrDefault("divergence", "rademacher"), offset);
        for (int r = 0; r < repeats; r++) {
            for (int from = 0; from < n; from += batch) {
                int b = Math.min(batch, n - from);
                LikelihoodResult res = lik.logLikelihood(img.images(true, from, b, rng), rng);
                nfe += res.nfe();
                for (double v : res.logp()) {
                    double bpd = -v / (dims * Math.log(2)) + offset;
                    sum += bpd;
                    sumSq += bpd * bpd;
                    count++;
                }
                out.printf("  %d/%d: mean %.4f bits/dim (%d NFE, %.0f s)%n", count, (long) n * repeats, sum / count, res.nfe(),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        double mean = sum / count;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("bpd", mean);
        m.put("bpd_stderr", Math.sqrt(Math.max(0, sumSq / count - mean * mean) / Math.max(1, count - 1)));
        m.put("test_images", (double) n);
        m.put("nfe_per_batch", nfe / (double) (repeats * ((n + batch - 1) / batch)));
        return m;
    }

    private Map<String, Double> sampleScores(EvalRequest req) {
        int n = req.limit() == Integer.MAX_VALUE ? DEFAULT_SCORED_SAMPLES : req.limit();
        if (n < 10) throw new UsageException("--limit must be at least 10 samples for fid, got " + n);
        ImageScores scores = ImageScores.forDataset(model.dataName(), model.dataPaths(), out);
        Map<String, String> ode = new LinkedHashMap<>();
        for (String k : List.of("rtol", "atol", "eps")) if (req.options().containsKey(k)) ode.put(k, req.options().get(k));
        long t0 = System.nanoTime();
        SampleResult r = model.generate(new SampleOptions("ode", ode), model.samplingScore(), n,
                new Rng(RngStreams.seedFor(req.seed(), "eval-fid")));
        out.printf("fid: %d PF-ODE samples, %d NFE, %.0f s; features: %s%n", n, r.nfe(), (System.nanoTime() - t0) / 1e9, scores.describe());
        INDArray unit = ((ImageData) model.data()).toUnit(r.samples());
        unit = Transforms.min(Transforms.max(unit, 0.0, false), 1.0, false);
        Score fid = scores.fid(unit), kid = scores.kid(unit);
        double[] shares = scores.classHistogram(unit);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("fid", fid.value());
        m.put("fid_floor", fid.noiseFloor());
        m.put("kid", kid.value());
        m.put("kid_floor", kid.noiseFloor());
        double min = 1, max = 0;
        for (double v : shares) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        m.put("min_class_share", min);
        m.put("max_class_share", max);
        m.put("samples", (double) n);
        m.put("nfe", (double) r.nfe());
        return m;
    }

    private Map<String, Double> toyNll(EvalRequest req) {
        int n = toyPoints(req);
        Rng rng = new Rng(RngStreams.seedFor(req.seed(), "eval"));
        INDArray x = model.data().reference(n, rng);
        LikelihoodResult res = likelihood(req, model.samplingScore(), "exact").logLikelihood(x, rng);
        double[] logp = res.logp();
        double sum = 0, sumSq = 0;
        for (double v : logp) {
            sum += -v;
            sumSq += v * v;
        }
        double mean = sum / n;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nll", mean);
        m.put("nll_stderr", Math.sqrt(Math.max(0, sumSq / n - mean * mean) / (n - 1)));
        m.put("gaussian_nll", ToyMetrics.gaussianNll(ToyMetrics.rows(PerSample.toDoubles(x), 2)));
        m.put("points", (double) n);
        m.put("nfe", (double) res.nfe());
        return m;
    }

    private Map<String, Double> modes(EvalRequest req) {
        if (!model.isToy() || !(model.dataName().equals(Toy2d.GAUSSIANS_8) || model.dataName().equals(Toy2d.GAUSSIANS_25))) {
            throw new UsageException("mode coverage needs toy:8gaussians or toy:25gaussians, not " + model.dataName());
        }
        int n = toyPoints(req);
        Rng rng = new Rng(RngStreams.seedFor(req.seed(), "eval-modes"));
        // the ODE sampler with the eval's tolerances, if given
        Map<String, String> ode = new LinkedHashMap<>();
        for (String k : List.of("rtol", "atol")) if (req.options().containsKey(k)) ode.put(k, req.options().get(k));
        SampleResult r = model.generate(new SampleOptions("ode", ode), model.samplingScore(), n, rng);
        ToyMetrics.Coverage c = ToyMetrics.coverage(ToyMetrics.rows(PerSample.toDoubles(r.samples()), 2),
                Toy2d.modeCentres(model.dataName()), Toy2d.modeStd(model.dataName()));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("modes_hit", (double) c.modesHit());
        m.put("within_3sd", c.within3sd());
        double min = 1, max = 0;
        for (double share : c.shares()) {
            min = Math.min(min, share);
            max = Math.max(max, share);
        }
        m.put("min_mode_share", min);
        m.put("max_mode_share", max);
        return m;
    }

    private int toyPoints(EvalRequest req) {
        int n = req.limit() == Integer.MAX_VALUE ? DEFAULT_TOY_POINTS : req.limit();
        if (n < 10) throw new UsageException("--limit must be at least 10 points for the toy metrics, got " + n);
        return n;
    }

    private static double positive(EvalRequest req, String key, double def) {
        String v = req.options().get(key);
        if (v == null) return def;
        try {
            double d = Double.parseDouble(v.trim());
            if (d > 0 && Double.isFinite(d)) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("option " + key + " must be a positive number, got '" + v + "'");
    }

    private static int positiveInt(EvalRequest req, String key, int def) {
        String v = req.options().get(key);
        if (v == null) return def;
        try {
            int i = Integer.parseInt(v.trim());
            if (i >= 1) return i;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("option " + key + " must be a positive whole number, got '" + v + "'");
    }
}
