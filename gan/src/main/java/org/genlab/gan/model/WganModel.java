package org.genlab.gan.model;

import org.genlab.common.UsageException;
import org.genlab.common.data.Toy2d;
import org.genlab.common.model.EvalRequest;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.RunContext;
import org.genlab.common.model.SampleRequest;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.state.StateBundle;
import org.genlab.common.train.Ema;
import org.genlab.common.train.GradientStep;
import org.genlab.common.train.TrainConfig;
import org.genlab.gan.metrics.BatchW1;
import org.genlab.gan.metrics.ModeCoverage;
import org.genlab.gan.nn.Critic;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WGAN of any variant: two graphs (critic and generator, one loss each), two optimisers, and one training step =
 * n_critic critic updates (each on a fresh real batch, fresh z and fresh interpolation weights) followed by one
 * generator update with the critic's current weights copied into the generator graph.
 *
 * <p>Conventions: the critic scores real samples high (MATH.md §5, §10.9); {@code critic_estimate} is
 * E D(x) − E D(x̃) on the last critic batch (for the c-transform objective: the dual mean φ(x) + mean φᶜ(x̃)). Every
 * {@code gan.w1_every} steps the exact minibatch W₁ between that real and generated batch is computed by optimal
 * assignment and logged as {@code w1_exact} next to {@code w1_critic}, the critic's estimate on the same pair
 * (MATH.md §5.5: "WGANs work because they fail"); both are carried between refreshes.
 *
 * <p>Randomness: "data" (batches), "noise" (z), "interp" (ε), "init.critic", "init.gen"; all in the checkpoint with
 * both graphs, both optimisers, the data position and the carried diagnostics, so a resumed run continues exactly.
 */
public final class WganModel implements GenerativeModel {
    private final WganSettings s;
    private final RunContext ctx;
    private final DataType dtype;
    private final int batch;
    private final RealBatches data;
    private final CriticGraph critic;
    private final GeneratorGraph gen;
    private final GradientStep criticStep;
    private final GradientStep genStep;
    private final Ema ema;
    private final Rng noise;
    private final Rng interp;
    private final List<String> criticOutputs = new ArrayList<>();
    private double w1Exact = Double.NaN, w1Critic = Double.NaN;

    public WganModel(WganSettings s, TrainConfig tc, String dataName, RunContext ctx) {
        this.s = s;
        this.ctx = ctx;
        this.dtype = ctx.dtype();
        this.batch = tc.batch();
        if (tc.accum() != 1) {
            throw new UsageException("train.accum must be 1 for WGANs: each critic step is one batch, and the "
                    + "c-transform couples the batch (MATH.md §1.5); raise --batch instead");
        }
        this.data = new RealBatches(dataName, batch, ctx);
        long d = data.dim();
        Critic.Spec spec = Architectures.critic(s, d, data.height(), data.width());
        this.critic = new CriticGraph(dtype, ctx.rngs().stream("init.critic"), ctx.rngs().stream("init.critic"), spec,
                s.objective(), s.penalty(), s.penaltyPoints(), s.costQ(), s.costP());
        this.gen = new GeneratorGraph(dtype, ctx.rngs().stream("init.gen"), s.zDim(),
                Architectures.generator(s, d, data.height(), data.width()), spec, new Rng(0), s.objective(),
                s.costQ(), s.costP());
        gen.copyCriticFrom(critic.graph());
        boolean coupled = s.objective() == Objective.C_TRANSFORM;
        this.criticStep = new GradientStep(critic.graph(), CriticGraph.LOSS, critic.paramNames(),
                tc.newOptimizer("opt.critic"), tc.newSchedule(), tc.clip(), 1, null, coupled);
        this.ema = tc.ema() > 0 ? new Ema(gen.graph(), gen.paramNames(), tc.ema(), tc.emaWarmup()) : null;
        this.genStep = new GradientStep(gen.graph(), GeneratorGraph.LOSS, gen.paramNames(), tc.newOptimizer("opt.gen"),
                tc.newSchedule(), tc.clip(), 1, ema, coupled);
        this.noise = ctx.rngs().stream("noise");
        this.interp = ctx.rngs().stream("interp");
        criticOutputs.add(CriticGraph.ESTIMATE);
        if (critic.hasPenalty()) criticOutputs.add(CriticGraph.PENALTY);
        if (critic.hasPenalty() && s.penaltyPoints() == org.genlab.gan.penalty.PenaltyPoints.INTERPOLATES) {
            criticOutputs.add(CriticGraph.INPUT_GRAD_NORM); // free: the penalty computes it anyway
        }
    }

    public WganSettings settings() {
        return s;
    }

    public CriticGraph criticGraph() {
        return critic;
    }

    public GeneratorGraph generatorGraph() {
        return gen;
    }

    INDArray z(Rng rng, int n) {
        return s.uniformZ() ? rng.uniform(dtype, -1, 1, n, s.zDim()) : rng.gaussian(dtype, n, s.zDim());
    }

    /** G(z) for the given latent rows (current weights; EMA weights are swapped in by the callers that want them). */
    public INDArray generate(INDArray z) {
        return gen.graph().sd().output(Map.of(GeneratorGraph.Z, z), GeneratorGraph.FAKE).get(GeneratorGraph.FAKE);
    }

    /** D(x) for rows x, shape [n]. */
    public double[] criticValues(INDArray x) {
        return critic.graph().sd().output(Map.of(CriticGraph.REAL, x.castTo(dtype)), CriticGraph.D_REAL)
                .get(CriticGraph.D_REAL).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    }

    @Override
    public Map<String, Double> trainStep(long step) {
        int iters = s.criticIterations(step);
        Map<String, Double> lastCritic = null;
        INDArray real = null, fake = null;
        for (int i = 0; i < iters; i++) {
            real = data.next();
            fake = generate(z(noise, batch));
            INDArray eps = interp.uniform(dtype, 0, 1, batch, 1);
            if (s.constraint() == Constraint.SN) critic.critic().powerIteration(critic.graph(), s.snIters());
            Map<String, INDArray> feeds = Map.of(CriticGraph.REAL, real, CriticGraph.FAKE, fake, CriticGraph.EPS, eps);
            lastCritic = criticStep.run(step, () -> feeds, criticOutputs);
            if (s.constraint() == Constraint.CLIP) clipCritic();
        }
        if (s.w1Every() > 0 && step % s.w1Every() == 0) {
            w1Exact = BatchW1.exact(real, fake);
            w1Critic = lastCritic.get(CriticGraph.ESTIMATE);
        }
        gen.copyCriticFrom(critic.graph());
        Map<String, INDArray> gFeeds = new HashMap<>();
        gFeeds.put(GeneratorGraph.Z, z(noise, batch));
        if (s.objective() == Objective.C_TRANSFORM) gFeeds.put(GeneratorGraph.REAL, data.next());
        Map<String, Double> g = genStep.run(step, () -> gFeeds, List.of());

        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss_d", lastCritic.get("loss"));
        m.put("loss_g", g.get("loss"));
        m.put("critic_estimate", lastCritic.get(CriticGraph.ESTIMATE));
        if (critic.hasPenalty()) m.put("penalty", lastCritic.get(CriticGraph.PENALTY));
        if (lastCritic.containsKey(CriticGraph.INPUT_GRAD_NORM)) m.put("input_grad_norm", lastCritic.get(CriticGraph.INPUT_GRAD_NORM));
        if (s.w1Every() > 0) {
            m.put("w1_exact", w1Exact);
            m.put("w1_critic", w1Critic);
        }
        m.put("grad_norm_d", lastCritic.get("grad_norm"));
        m.put("grad_norm_g", g.get("grad_norm"));
        m.put("lr", g.get("lr"));
        return m;
    }

    /** Clamps every critic parameter to [−c, c] (MATH.md §5.1, §8.7). */
    private void clipCritic() {
        double c = s.clip();
        for (String n : critic.paramNames()) {
            INDArray a = critic.graph().array(n);
            Transforms.min(a, c, false);
            Transforms.max(a, -c, false);
        }
    }

    private <T> T withEma(java.util.function.Supplier<T> body) {
        return ema == null ? body.get() : ema.withEmaWeights(body);
    }

    @Override
    public Map<String, Double> sample(SampleRequest request, Path out) {
        int n = request.n();
        Rng rng = new Rng(request.seed());
        long t0 = System.nanoTime();
        INDArray x = withEma(() -> generate(z(rng, n)));
        double sec = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> m = new LinkedHashMap<>();
        if (data.isToy()) {
            String field = request.option("field", "critic");
            if (!field.equals("critic") && !field.equals("none")) {
                throw new UsageException("--opt field must be critic or none, got '" + field + "'");
            }
            int res = parseInt(request.option("resolution", "120"), "resolution", 2, 1000);
            INDArray real = data.heldOut(new Rng(request.seed() + 1), Math.max(n, 500));
            WganPictures.toy(x, real, field.equals("critic") ? this::criticOnPoints : null,
                    s.variant().modelName() + " on " + data.name(), res, out);
            toyMetrics(x, m);
        } else {
            WganPictures.images(x, data.height(), data.width(), out);
        }
        m.put("seconds", sec);
        return m;
    }

    private static int parseInt(String v, String what, int lo, int hi) {
        try {
            int k = Integer.parseInt(v.trim());
            if (k >= lo && k <= hi) return k;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--opt " + what + " must be a whole number in [" + lo + ", " + hi + "], got '" + v + "'");
    }

    private double[] criticOnPoints(double[][] pts) {
        return criticValues(Nd4j.create(pts).castTo(dtype));
    }

    private void toyMetrics(INDArray x, Map<String, Double> m) {
        String name = data.name();
        if (name.equals(Toy2d.GAUSSIANS_8) || name.equals(Toy2d.GAUSSIANS_25)) {
            ModeCoverage c = ModeCoverage.of(x.castTo(DataType.DOUBLE).toDoubleMatrix(), Toy2d.modeCentres(name),
                    4 * Toy2d.modeStd(name) + 0.05);
            m.put("modes_covered", (double) c.modesCovered());
            m.put("fraction_near_mode", c.fractionNear());
        }
    }

    /**
     * Held-out diagnostics over {@code batches} pairs (option, default 5) of size {@code n} (option, default the
     * training batch): exact W₁(real, generated), the critic's estimate on the same pair, W₁ between two real batches
     * (the noise floor of a perfect generator) and the mean ‖∇ₓD‖ at interpolates.
     */
    @Override
    public Map<String, Double> evaluate(EvalRequest request) {
        int n = Math.min(parseInt(request.options().getOrDefault("n", String.valueOf(batch)), "n", 2, 4096), request.limit());
        int batches = parseInt(request.options().getOrDefault("batches", "5"), "batches", 1, 1000);
        for (String k : request.options().keySet()) {
            if (!k.equals("n") && !k.equals("batches")) {
                throw new UsageException("unknown eval option '" + k + "'; WGANs take --opt n=N and --opt batches=B");
            }
        }
        Rng rng = new Rng(request.seed());
        double w1 = 0, est = 0, floor = 0, lip = 0;
        INDArray lastFake = null;
        for (int b = 0; b < batches; b++) {
            INDArray real = data.heldOut(rng, n), real2 = data.heldOut(rng, n);
            INDArray fake = withEma(() -> generate(z(rng, n)));
            INDArray eps = rng.uniform(dtype, 0, 1, n, 1);
            Map<String, INDArray> o = critic.graph().sd().output(Map.of(CriticGraph.REAL, real, CriticGraph.FAKE, fake,
                    CriticGraph.EPS, eps), CriticGraph.ESTIMATE, CriticGraph.INPUT_GRAD_NORM);
            w1 += BatchW1.exact(real, fake) / batches;
            floor += BatchW1.exact(real, real2) / batches;
            est += o.get(CriticGraph.ESTIMATE).getDouble(0) / batches;
            lip += o.get(CriticGraph.INPUT_GRAD_NORM).getDouble(0) / batches;
            lastFake = fake;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("w1_exact", w1);
        m.put("w1_critic", est);
        m.put("w1_real_real", floor);
        m.put("input_grad_norm", lip);
        m.put("n", (double) n);
        if (data.isToy()) toyMetrics(lastFake, m);
        return m;
    }

    @Override
    public void writePreview(Path runDir, long step) {
        Path out = runDir.resolve("samples").resolve(String.format("preview-step%07d.png", step));
        sample(new SampleRequest(data.isToy() ? 512 : 64, "generator", Map.of(), 12345L), out);
    }

    @Override
    public void writeState(StateBundle out) {
        critic.graph().writeState(out);
        ModelGraph g = gen.graph();
        for (String n : gen.paramNames()) out.putArray("param/" + n, g.array(n));
        criticStep.optimizer().writeState(out);
        genStep.optimizer().writeState(out);
        if (ema != null) ema.writeState(out);
        data.writeState(out);
        if (Double.isFinite(w1Exact)) out.putDouble("gan.w1_exact", w1Exact);
        if (Double.isFinite(w1Critic)) out.putDouble("gan.w1_critic", w1Critic);
    }

    @Override
    public void readState(StateBundle in) {
        critic.graph().readState(in);
        ModelGraph g = gen.graph();
        for (String n : gen.paramNames()) {
            INDArray src = in.getArray("param/" + n);
            if (!java.util.Arrays.equals(src.shape(), g.array(n).shape())) {
                throw new UsageException("checkpoint array '" + n + "' has shape " + java.util.Arrays.toString(src.shape())
                        + " but the model expects " + java.util.Arrays.toString(g.array(n).shape())
                        + " (the checkpoint was written with a different config)");
            }
            g.array(n).assign(src);
        }
        criticStep.optimizer().readState(in);
        genStep.optimizer().readState(in);
        if (ema != null) ema.readState(in);
        data.readState(in);
        w1Exact = in.has("gan.w1_exact") ? in.getDouble("gan.w1_exact") : Double.NaN;
        w1Critic = in.has("gan.w1_critic") ? in.getDouble("gan.w1_critic") : Double.NaN;
        gen.copyCriticFrom(critic.graph());
    }
}
