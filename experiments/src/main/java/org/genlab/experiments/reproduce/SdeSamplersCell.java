package org.genlab.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.checkpoint.CheckpointStore;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Toy2d;
import org.genlab.common.metrics.ImageScores;
import org.genlab.common.metrics.Score;
import org.genlab.common.metrics.ToyModes;
import org.genlab.common.model.EvalRequest;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.ModelRegistry;
import org.genlab.common.model.RunContext;
import org.genlab.common.random.Rng;
import org.genlab.common.random.RngStreams;
import org.genlab.common.train.TrainListener;
import org.genlab.common.train.TrainLoop;
import org.genlab.common.viz.ImageGrid;
import org.genlab.common.viz.PixelRange;
import org.genlab.common.viz.ScatterPlot;
import org.genlab.diffusion.model.ScoreSdeModel;
import org.genlab.diffusion.sampling.OdeSampler;
import org.genlab.diffusion.sampling.PcSampler;
import org.genlab.diffusion.sampling.SampleResult;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.PerSample;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One cell of {@code sde-samplers}: trains a score-sde model (one data set × SDE × seed) through the real
 * {@link TrainLoop}, then, at equal NFE budgets, draws samples with Euler–Maruyama (N = B), reverse diffusion (N = B)
 * and PC = reverse diffusion + one Langevin step (N = B/2), and with the PF-ODE (RK45, adaptive NFE), scoring each
 * (toys: mode coverage, high-quality share, NLL of the samples under the true mixture; images: FID/KID on the
 * project's classifier features with their noise floor); finally the model's likelihood through the PF-ODE
 * (toys: nats per point; images: bits/dim).
 */
final class SdeSamplersCell {
    private final ObjectNode cell;
    private final Path dir;
    private final DataPaths data;
    private final PrintStream log;

    SdeSamplersCell(ObjectNode cell, Path dir, DataPaths data, PrintStream log) {
        this.cell = cell;
        this.dir = dir;
        this.data = data;
        this.log = log;
    }

    String run() throws Exception {
        String dataName = cell.get("data").asText();
        boolean toy = Toy2d.isToy(dataName);
        String sdeType = cell.get("sde").asText();
        long seed = cell.get("seed").asLong();
        ModelFactory f = new ModelRegistry().get("score-sde");
        Config cfg = Config.of(f.defaults()).merge((ObjectNode) cell.get("config"), "sde-samplers cell");
        cfg.save(dir.resolve("config.json"));
        RngStreams rngs = new RngStreams(seed);
        ScoreSdeModel model = (ScoreSdeModel) f.create(cfg, new RunContext(dir, rngs, DataType.FLOAT, data, log));
        long steps = cfg.getLong("steps");
        ObjectNode res = Config.JSON.createObjectNode();
        ArrayNode curve = res.putArray("loss_curve");
        int every = (int) Math.max(1, steps / 100);
        double[] acc = new double[1];
        long t0 = System.nanoTime();
        TrainLoop loop = new TrainLoop(model, rngs, new CheckpointStore(dir), new TrainLoop.Options(steps, steps, 1, "score-sde"));
        loop.listen(new TrainListener() {
            @Override
            public void onStep(long completed, Map<String, Double> m) {
                acc[0] += m.get("loss");
                if (completed % every == 0) {
                    curve.add(acc[0] / every);
                    acc[0] = 0;
                }
            }
        });
        loop.run();
        res.put("train_seconds", (System.nanoTime() - t0) / 1e9);
        res.put("curve_every", every);
        res.put("parameters", model.parameterCount());
        log.printf("  %s %s seed %d: trained %d steps in %.0f s%n", dataName, sdeType, seed, steps, res.get("train_seconds").asDouble());

        ScoreFn score = model.samplingScore();
        ArrayNode samplers = res.putArray("samplers");
        ImageScores scores = toy ? null : ImageScores.forDataset(dataName, data, log);
        if (scores != null) res.put("feature_net", scores.describe());
        int n = cell.get("samples").asInt();
        if (cell.get("compare_samplers").asBoolean()) {
            for (JsonNode b : cell.get("budgets")) {
                int budget = b.asInt();
                for (String s : List.of("em", "reverse_diffusion", "pc")) {
                    samplers.add(evaluate(model, score, s, budget, n, toy, dataName, scores, seed));
                }
            }
            samplers.add(evaluate(model, score, "ode", 0, n, toy, dataName, scores, seed));
        }
        res.set("likelihood", likelihood(model, toy, seed));
        return ReproSupport.json(res);
    }

    private ObjectNode evaluate(ScoreSdeModel model, ScoreFn score, String sampler, int budget, int n, boolean toy,
                                String dataName, ImageScores scores, long seed) {
        long[] shape = new long[model.sampleShape().length + 1];
        shape[0] = n;
        System.arraycopy(model.sampleShape(), 0, shape, 1, shape.length - 1);
        Rng rng = new Rng(RngStreams.seedFor(seed, "sample-" + sampler + "-" + budget));
        long t0 = System.nanoTime();
        SampleResult r = switch (sampler) {
            case "ode" -> OdeSampler.builder(model.sde(), score).method("rk45").rtol(cell.get("ode_tol").asDouble())
                    .atol(cell.get("ode_tol").asDouble()).build().sample(shape, rng, DataType.FLOAT);
            case "pc" -> PcSampler.builder(model.sde(), score).predictor("reverse_diffusion").corrector("langevin")
                    .steps(budget / 2).correctorSteps(1).snr(0.16).build().sample(shape, rng, DataType.FLOAT);
            default -> PcSampler.builder(model.sde(), score).predictor(sampler).corrector("none").steps(budget)
                    .build().sample(shape, rng, DataType.FLOAT);
        };
        double sec = (System.nanoTime() - t0) / 1e9;
        ObjectNode o = Config.JSON.createObjectNode();
        o.put("sampler", sampler);
        o.put("budget", budget);
        o.put("nfe", r.nfe());
        o.put("seconds", sec);
        o.put("n", n);
        String png = String.format("samples-%s-%s-%s.png", cell.get("sde").asText(), sampler, budget == 0 ? "adaptive" : "nfe" + budget);
        if (toy) {
            double[][] pts = ToyModes.rows(PerSample.toDoubles(r.samples()), 2);
            double[][] centres = Toy2d.modeCentres(dataName);
            double std = Toy2d.modeStd(dataName);
            ToyModes.Coverage c = ToyModes.coverage(pts, centres, std);
            o.put("modes_hit", c.modesHit());
            o.put("modes", c.modes());
            o.put("hq_share", c.hqShare());
            o.put("sample_nll", ToyModes.mixtureNll(pts, centres, std));
            double lim = 0;
            for (double[] c2 : centres) lim = Math.max(lim, Math.max(Math.abs(c2[0]), Math.abs(c2[1])));
            lim = 1.4 * lim + 10 * std;
            INDArray ref = Toy2d.of(dataName).sampleArray(new Rng(1), 1000, DataType.DOUBLE);
            ScatterPlot.of(pts).reference(ref).names("samples", "data")
                    .title(sampler + ", " + cell.get("sde").asText() + ", NFE " + r.nfe()).range(-lim, lim, -lim, lim)
                    .writePng(dir.resolve(png));
        } else {
            INDArray unit = toUnit(r.samples(), cell.get("sde").asText());
            Score fid = scores.fid(unit), kid = scores.kid(unit);
            o.put("fid", fid.value());
            o.put("fid_floor", fid.noiseFloor());
            o.put("kid", kid.value());
            o.put("kid_floor", kid.noiseFloor());
            double[] h = scores.classHistogram(unit);
            double max = 0;
            for (double v : h) max = Math.max(max, v);
            o.put("max_class_share", max);
            long shown = Math.min(n, 36);
            ImageGrid.of(unit.get(NDArrayIndex.interval(0, shown)).castTo(DataType.FLOAT)).range(PixelRange.ZERO_ONE)
                    .columns((int) Math.ceil(Math.sqrt(shown))).writePng(dir.resolve(png));
        }
        o.put("picture", dir.resolve(png).toString());
        log.printf("    %-17s NFE %5d  %.1f s%n", sampler + (budget > 0 ? "@" + budget : ""), r.nfe(), sec);
        return o;
    }

    /** Model output → [0, 1] pixels: VP and sub-VP models work on centred data [−1, 1], VE on [0, 1] (ImageData). */
    static INDArray toUnit(INDArray x, String sde) {
        INDArray u = sde.equals("ve") ? x.dup() : x.add(1.0).muli(0.5);
        return org.nd4j.linalg.ops.transforms.Transforms.min(org.nd4j.linalg.ops.transforms.Transforms.max(u, 0.0, false), 1.0, false);
    }

    private ObjectNode likelihood(ScoreSdeModel model, boolean toy, long seed) {
        long t0 = System.nanoTime();
        Map<String, Double> m;
        if (toy) {
            m = model.evaluate(new EvalRequest(List.of("nll"), cell.get("nll_points").asInt(), Map.of(), seed));
        } else {
            String tol = cell.get("bpd_tol").asText();
            m = model.evaluate(new EvalRequest(List.of("bpd"), cell.get("bpd_images").asInt(),
                    Map.of("rtol", tol, "atol", tol, "batch", cell.get("bpd_batch").asText()), seed));
        }
        ObjectNode o = Config.JSON.createObjectNode();
        for (Map.Entry<String, Double> e : m.entrySet()) o.put(e.getKey(), e.getValue());
        o.put("seconds", (System.nanoTime() - t0) / 1e9);
        return o;
    }
}
