package org.genlab.diffusion.model;

import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Datasets;
import org.genlab.common.model.EvalRequest;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.RunContext;
import org.genlab.common.model.SampleRequest;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.random.RngStreams;
import org.genlab.common.state.StateBundle;
import org.genlab.common.train.Ema;
import org.genlab.common.train.GradientStep;
import org.genlab.common.train.TrainConfig;
import org.genlab.diffusion.loss.DsmLoss;
import org.genlab.diffusion.loss.ScoreNetwork;
import org.genlab.diffusion.nn.NetworkScore;
import org.genlab.diffusion.ode.OdeSolution;
import org.genlab.diffusion.sampling.OdeSampler;
import org.genlab.diffusion.sampling.PcInpainter;
import org.genlab.diffusion.sampling.PcSampler;
import org.genlab.diffusion.sampling.SampleResult;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.LinearBetaSde;
import org.genlab.diffusion.sde.Sde;
import org.genlab.diffusion.sde.VeSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Score-based generative model with a VE, VP or sub-VP SDE (Song et al. 2021; MATH.md §4): an ε-predicting network
 * (s = −net(x,t)/σ_t, §4.4) trained by continuous-time denoising score matching, sampled with the PC samplers or the
 * probability-flow ODE (§4.5), with exact likelihoods through the ODE (§4.6). Sampling and evaluation use the EMA
 * weights when train.ema > 0. Toys are used as they are; images are dequantised and, for VP/sub-VP, centred
 * (see {@link ImageData}).
 */
public final class ScoreSdeModel implements GenerativeModel {
    /** Seed of the fixed sample of training points that sets σ_max when sde.sigma_max = 0. */
    private static final long SIGMA_MAX_SEED = 0x5DE5L;
    private static final int SIGMA_MAX_POINTS = 1000;

    private final ScoreSdeSettings settings;
    private final RunContext ctx;
    private final DataType dtype;
    private final TrainingData data;
    private final Sde sde;
    private final long[] sampleShape;
    private final ModelGraph graph;
    private final DsmLoss loss;
    private final GradientStep step;
    private final Ema ema;
    private final NetworkScore score;
    private final Rng noise;

    public ScoreSdeModel(Config cfg, RunContext ctx) {
        this.settings = ScoreSdeSettings.from(cfg);
        this.ctx = ctx;
        this.dtype = ctx.dtype();
        TrainConfig tc = TrainConfig.from(cfg);
        if (tc.batch() % tc.accum() != 0) {
            throw new UsageException("batch " + tc.batch() + " must be a multiple of train.accum " + tc.accum());
        }
        int micro = tc.batch() / tc.accum();
        if (settings.toy()) {
            data = new ToyData(settings.data(), micro, ctx.rngs().stream("data"), dtype);
        } else {
            data = new ImageData(Datasets.images(settings.data(), ctx.data()), micro, ctx.rngs().stream("data"),
                    ctx.rngs().stream("dequant"), dtype, settings.centered(), settings.dequantize());
        }
        double sigmaMax = settings.autoSigmaMax()
                ? TrainingData.maxPairwiseDistance(trainingSample(SIGMA_MAX_POINTS, new Rng(SIGMA_MAX_SEED))) : Double.NaN;
        this.sde = settings.sde(sigmaMax);
        this.sampleShape = data.sampleShape();
        this.graph = new ModelGraph(dtype, ctx.rngs().stream("init"));
        ScoreNetwork net = settings.net().build(graph.scope(NetworkScore.SCOPE), sde, sampleShape);
        DsmLoss.Builder lb = DsmLoss.builder(graph.sd(), sde, net, sampleShape).output(DsmLoss.Output.EPSILON)
                .weighting(settings.weighting()).epsTrain(settings.epsTrain()).dtype(dtype);
        if (settings.reduction() != null) lb.reduction(settings.reduction());
        this.loss = lb.build();
        this.ema = tc.ema() > 0 ? new Ema(graph, graph.paramNames(), tc.ema(), tc.emaWarmup()) : null;
        this.step = new GradientStep(graph, loss.loss().name(), graph.paramNames(), tc.newOptimizer("opt"), tc.newSchedule(),
                tc.clip(), tc.accum(), ema, false);
        this.score = new NetworkScore(settings.net(), sde, sampleShape, dtype, settings.toy() ? 4096 : 128);
        this.noise = ctx.rngs().stream("noise");
    }

    /** A fixed sample of training data in the model's scale (σ_max rule). */
    private INDArray trainingSample(int n, Rng rng) {
        if (data instanceof ImageData img) return img.images(false, 0, Math.min(n, img.dataset().train().size()), rng);
        return data.reference(n, rng);
    }

    public Sde sde() {
        return sde;
    }

    public long[] sampleShape() {
        return sampleShape.clone();
    }

    public ModelGraph graph() {
        return graph;
    }

    public long parameterCount() {
        return graph.parameterCount();
    }

    /** Copies the sampling weights (EMA if kept) into the score network and returns it. */
    public ScoreFn samplingScore() {
        if (ema == null) {
            score.loadWeights(graph);
        } else {
            ema.withEmaWeights(() -> {
                score.loadWeights(graph);
                return null;
            });
        }
        return score;
    }

    /** Where datasets (and the feature classifier of the sample scores) live. */
    DataPaths dataPaths() {
        return ctx.data();
    }

    TrainingData data() {
        return data;
    }

    @Override
    public Map<String, Double> trainStep(long s) {
        return step.run(s, () -> loss.feeds(data.next(), noise), List.of());
    }

    // ---- sampling ----

    @Override
    public Map<String, Double> sample(SampleRequest request, Path out) {
        if (request.n() < 1) throw new UsageException("number of samples must be positive, got " + request.n());
        SampleOptions o = new SampleOptions(request.sampler(), request.options());
        ScoreFn s = samplingScore();
        Rng rng = new Rng(RngStreams.seedFor(request.seed(), "sample"));
        SamplePictures pictures = new SamplePictures(data);
        if (o.has("inpaint")) return inpaint(o, s, request.n(), rng, pictures, out);
        if (o.isOde() && o.bool("roundtrip", false)) return roundTrip(o, s, request.n(), rng, pictures, out);
        long t0 = System.nanoTime();
        SampleResult r = generate(o, s, request.n(), rng);
        double sec = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nfe", (double) r.nfe());
        m.put("seconds", sec);
        m.putAll(pictures.samples(r.samples(), o.sampler + ", " + sde.name() + ", NFE " + r.nfe(), rng, out));
        return m;
    }

    /** n samples with the chosen sampler and options. */
    SampleResult generate(SampleOptions o, ScoreFn s, int n, Rng rng) {
        long[] shape = NetworkScore.withBatch(n, sampleShape);
        if (o.isOde()) return odeSampler(o, s).sample(shape, rng, dtype);
        PcSampler.Builder b = PcSampler.builder(sde, s).predictor(o.predictor()).corrector(o.corrector())
                .steps(steps(o)).correctorSteps(o.positiveInt("corrector_steps", 1))
                .snr(o.positive("snr", 0.16)).denoise(o.bool("denoise", true)).order(order(o));
        if (o.has("eps")) b.eps(o.positive("eps", Double.NaN));
        return b.build().sample(shape, rng, dtype);
    }

    /** N of a PC-family sampler; VP and sub-VP need β_max/N &lt; 1 for their DDPM step sizes (MATH.md §4.1). */
    private int steps(SampleOptions o) {
        int n = o.positiveInt("steps", sde.N());
        double betaMax = sde instanceof LinearBetaSde b ? b.betaMax() : 0;
        if (n < 2 || n <= betaMax) {
            throw new UsageException("sampler steps " + n + " are too few" + (betaMax > 0 ? " for beta_max " + betaMax
                    + ": the DDPM step sizes beta_max/N must stay below 1; use --steps " + ((int) Math.floor(betaMax) + 1) + " or more"
                    : "; use at least 2"));
        }
        return n;
    }

    private static PcSampler.Order order(SampleOptions o) {
        return switch (o.string("order", "corrector_first")) {
            case "corrector_first" -> PcSampler.Order.CORRECTOR_FIRST;
            case "predictor_first" -> PcSampler.Order.PREDICTOR_FIRST;
            default -> throw new UsageException("option order must be corrector_first or predictor_first, got '" + o.string("order", "") + "'");
        };
    }

    private OdeSampler odeSampler(SampleOptions o, ScoreFn s) {
        OdeSampler.Builder b = OdeSampler.builder(sde, s).method(o.string("method", "rk45")).steps(o.positiveInt("steps", sde.N()))
                .rtol(o.positive("rtol", 1e-5)).atol(o.positive("atol", 1e-5)).denoise(o.bool("denoise", false));
        if (o.has("eps")) b.eps(o.positive("eps", Double.NaN));
        return b.build();
    }

    /** Data → latent z = x(T) through the probability-flow ODE (RK45, tolerances 1e-5, EMA weights). */
    public OdeSolution encode(INDArray x) {
        return OdeSampler.builder(sde, samplingScore()).build().encode(x);
    }

    /** Latent z → data through the probability-flow ODE (RK45, tolerances 1e-5, EMA weights). */
    public OdeSolution decode(INDArray z) {
        return OdeSampler.builder(sde, samplingScore()).build().decode(z);
    }

    private Map<String, Double> roundTrip(SampleOptions o, ScoreFn s, int n, Rng rng, SamplePictures pictures, Path out) {
        INDArray x = data.reference(n, rng);
        OdeSampler ode = odeSampler(o, s);
        long t0 = System.nanoTime();
        OdeSolution z = ode.encode(x);
        OdeSolution back = ode.decode(z.x());
        double sec = (System.nanoTime() - t0) / 1e9;
        INDArray err = back.x().castTo(DataType.DOUBLE).sub(x.castTo(DataType.DOUBLE));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nfe", (double) (z.nfe() + back.nfe()));
        m.put("seconds", sec);
        m.put("max_abs_error", err.amaxNumber().doubleValue());
        m.put("rms_error", Math.sqrt(err.mul(err).meanNumber().doubleValue()));
        m.put("latent_std", z.x().castTo(DataType.DOUBLE).stdNumber().doubleValue());
        pictures.roundTrip(x, back.x(), out);
        return m;
    }

    private Map<String, Double> inpaint(SampleOptions o, ScoreFn s, int n, Rng rng, SamplePictures pictures, Path out) {
        if (!(data instanceof ImageData img)) {
            throw new UsageException("inpainting needs an image model; this one was trained on " + settings.data());
        }
        int count = Math.min(n, img.dataset().test().size());
        INDArray x = img.images(true, 0, count, rng);
        INDArray mask = InpaintMask.create(o.string("inpaint", ""), count, (int) sampleShape[1], (int) sampleShape[2], rng, dtype);
        PcInpainter p = new PcInpainter(sde, s, o.predictor(), o.corrector(), o.positive("snr", 0.16),
                o.positiveInt("corrector_steps", 1), steps(o), o.positive("eps", Double.NaN),
                o.bool("denoise", true));
        long t0 = System.nanoTime();
        SampleResult r = p.run(x, mask, rng);
        double sec = (System.nanoTime() - t0) / 1e9;
        INDArray unknown = mask.rsub(1.0);
        INDArray diff = img.toUnit(r.samples()).sub(img.toUnit(x)).muli(unknown);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nfe", (double) r.nfe());
        m.put("seconds", sec);
        m.put("mse_unknown", diff.mul(diff).sumNumber().doubleValue() / Math.max(1, unknown.sumNumber().doubleValue()));
        pictures.inpainting(x, mask, r.samples(), out);
        return m;
    }

    // ---- evaluation ----

    @Override
    public Map<String, Double> evaluate(EvalRequest request) {
        return new Evaluation(this, ctx.out()).run(request);
    }

    boolean isToy() {
        return settings.toy();
    }

    String dataName() {
        return settings.data();
    }

    DataType dtype() {
        return dtype;
    }

    @Override
    public void writePreview(Path runDir, long stepNo) {
        Path out = runDir.resolve("samples").resolve("preview-step" + stepNo + ".png");
        try {
            sample(new SampleRequest(settings.toy() ? 1000 : 36, "ode", Map.of("rtol", "1e-3", "atol", "1e-3"), 0), out);
        } catch (IllegalStateException e) {
            // an untrained network can make the ODE too stiff to solve; a missing preview must not end the run
            ctx.out().println("preview at step " + stepNo + " skipped: " + e.getMessage());
        }
    }

    // ---- state ----

    @Override
    public void writeState(StateBundle out) {
        graph.writeState(out);
        step.optimizer().writeState(out);
        if (ema != null) ema.writeState(out);
        data.writeState(out);
        if (sde instanceof VeSde ve) out.putDouble("score_sde.sigma_max", ve.sigmaMax());
    }

    @Override
    public void readState(StateBundle in) {
        if (sde instanceof VeSde ve && in.has("score_sde.sigma_max")) {
            double saved = in.getDouble("score_sde.sigma_max");
            if (Math.abs(saved - ve.sigmaMax()) > 1e-9 * saved) {
                throw new UsageException("the checkpoint was trained with sigma_max " + saved + " but this config gives "
                        + ve.sigmaMax() + "; set sde.sigma_max=" + saved);
            }
        }
        graph.readState(in);
        step.optimizer().readState(in);
        if (ema != null) ema.readState(in);
        data.readState(in);
    }
}
