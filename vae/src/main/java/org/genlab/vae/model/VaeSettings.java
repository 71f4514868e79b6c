package org.genlab.vae.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.common.train.TrainConfig;
import org.genlab.vae.posterior.GaussianPosterior;
import org.genlab.vae.posterior.Posterior;
import org.genlab.vae.posterior.SuBatchNormPosterior;
import org.genlab.vae.posterior.VmfPosterior;
import org.genlab.vae.vmf.OmegaTable;
import org.genlab.vae.vmf.WoodSampler;

/**
 * The "vae" config section: shared keys (latent size, architecture, likelihood, KL annealing, free bits, evaluation,
 * the text model) plus each kind's own (γ for bn-vae, τ for bn-vae-su, κ options for the vMF models). Every key a
 * kind does not use is absent from its defaults, so the strict config merge rejects it.
 */
public record VaeSettings(VaeKind kind, int latent, String arch, int[] hidden, int[] channels, String likelihood,
                          boolean binarize, double klStart, long klWarmup, double freeBits, String freeBitsMode,
                          int evalSamples, TextSettings text, double gamma, double bnEps, double tau, boolean kappaCorrection,
                          boolean kappaBaseline, String woodB, double kappa, double tableStep) {

    public static final String[] ARCHS = {"mlp", "conv"};
    public static final String[] LIKELIHOODS = {"bernoulli", "gaussian", "logistic"};
    public static final String[] FREE_BITS_MODES = {"none", "total", "dim"};
    public static final String[] WOOD_B = {"exact", "reference"};

    /** The LSTM sentence model's keys. */
    public record TextSettings(int emb, int hidden, double wordDropout, int maxLength, int vocab, String condition,
                               double dropout) {
        public static final String[] CONDITIONS = {"both", "init", "input"};

        public boolean zInInitialState() {
            return !condition.equals("input");
        }

        public boolean zInInput() {
            return !condition.equals("init");
        }
    }

    /** The complete default config of a kind: TrainConfig's keys plus the "vae" section. */
    public static ObjectNode defaults(VaeKind kind) {
        ObjectNode root = TrainConfig.defaults();
        root.put("model", kind.modelName());
        root.put("batch", 64);
        root.put("steps", 2000);
        ObjectNode v = root.putObject("vae");
        v.put("latent", 32);
        v.put("arch", "mlp");
        ArrayNode h = v.putArray("hidden");
        h.add(512).add(256);
        ArrayNode c = v.putArray("channels");
        c.add(32).add(64);
        v.put("likelihood", "bernoulli");
        v.put("binarize", true);
        v.put("kl_start", 1.0);
        v.put("kl_warmup", 0);
        if (kind.gaussian()) {
            v.put("free_bits", 0.0);
            v.put("free_bits_mode", "none");
        }
        v.put("eval_samples", 100);
        switch (kind) {
            case BN_VAE -> {
                v.put("gamma", 0.5);
                v.put("bn_eps", 1e-8);
            }
            case BN_VAE_SU -> v.put("tau", 0.5);
            case VMF_VAE -> {
                v.put("kappa_correction", true);
                v.put("kappa_baseline", true);
                v.put("wood_b", "exact");
            }
            case VMF_VAE_FIXED -> {
                v.put("kappa", 20.0);
                v.put("table_step", OmegaTable.DEFAULT_STEP);
            }
            default -> { }
        }
        ObjectNode t = v.putObject("text");
        t.put("emb", 256);
        t.put("hidden", 256);
        t.put("word_dropout", 0.0);
        t.put("max_len", 30);
        t.put("vocab", 10000);
        t.put("condition", "both");
        t.put("dropout", 0.0);
        return root;
    }

    public static VaeSettings from(Config c) {
        VaeKind kind = VaeKind.of(c.getString("model"));
        int latent = c.getInt("vae.latent");
        if (latent < 1 || (kind.vmf() && latent < 2)) {
            throw new UsageException("vae.latent must be >= " + (kind.vmf() ? "2 (the ambient dimension m of the sphere S^{m-1})" : "1")
                    + ", got " + latent);
        }
        int[] hidden = c.getInts("vae.hidden");
        for (int x : hidden) if (x < 1) throw new UsageException("vae.hidden sizes must be positive, got " + java.util.Arrays.toString(hidden));
        if (hidden.length == 0) throw new UsageException("vae.hidden needs at least one layer size, e.g. [512, 256]");
        int[] channels = c.getInts("vae.channels");
        for (int x : channels) if (x < 1) throw new UsageException("vae.channels must be positive, got " + java.util.Arrays.toString(channels));
        double klStart = c.getDouble("vae.kl_start");
        if (!(klStart >= 0 && klStart <= 1)) throw new UsageException("vae.kl_start must be in [0, 1], got " + klStart);
        long klWarmup = c.getLong("vae.kl_warmup");
        if (klWarmup < 0) throw new UsageException("vae.kl_warmup must be >= 0 steps, got " + klWarmup);
        double freeBits = kind.gaussian() ? c.getDouble("vae.free_bits") : 0;
        String fbMode = kind.gaussian() ? c.getChoice("vae.free_bits_mode", FREE_BITS_MODES) : "none";
        if (freeBits < 0) throw new UsageException("vae.free_bits must be >= 0 nats, got " + freeBits);
        if (!fbMode.equals("none") && freeBits <= 0) {
            throw new UsageException("vae.free_bits_mode=" + fbMode + " needs vae.free_bits > 0 (the target KL in nats)");
        }
        int evalSamples = c.getInt("vae.eval_samples");
        if (evalSamples < 1) throw new UsageException("vae.eval_samples must be >= 1, got " + evalSamples);
        TextSettings text = new TextSettings(c.getInt("vae.text.emb"), c.getInt("vae.text.hidden"),
                c.getDouble("vae.text.word_dropout"), c.getInt("vae.text.max_len"), c.getInt("vae.text.vocab"),
                c.getChoice("vae.text.condition", TextSettings.CONDITIONS), c.getDouble("vae.text.dropout"));
        if (text.emb() < 1 || text.hidden() < 1) throw new UsageException("vae.text.emb and vae.text.hidden must be positive");
        if (!(text.wordDropout() >= 0 && text.wordDropout() < 1)) {
            throw new UsageException("vae.text.word_dropout must be in [0, 1), got " + text.wordDropout());
        }
        if (!(text.dropout() >= 0 && text.dropout() < 1)) throw new UsageException("vae.text.dropout must be in [0, 1), got " + text.dropout());
        if (text.maxLength() < 2) throw new UsageException("vae.text.max_len must be >= 2 tokens, got " + text.maxLength());
        if (text.vocab() < 5) throw new UsageException("vae.text.vocab must be >= 5 (4 special tokens + words), got " + text.vocab());
        double gamma = kind == VaeKind.BN_VAE ? c.getDouble("vae.gamma") : 0;
        if (kind == VaeKind.BN_VAE && !(gamma > 0)) throw new UsageException("vae.gamma must be > 0 for bn-vae (the paper uses 0.5-0.7), got " + gamma);
        double bnEps = kind == VaeKind.BN_VAE ? c.getDouble("vae.bn_eps") : 0;
        if (kind == VaeKind.BN_VAE && !(bnEps > 0 && bnEps <= 1e-2)) {
            throw new UsageException("vae.bn_eps must be in (0, 0.01] (1e-5 is PyTorch's and the reference's), got " + bnEps);
        }
        double tau = kind == VaeKind.BN_VAE_SU ? c.getDouble("vae.tau") : 0;
        if (kind == VaeKind.BN_VAE_SU && !(tau > 0 && tau < 1)) throw new UsageException("vae.tau must be in (0, 1) (Su used 0.5), got " + tau);
        boolean corr = kind == VaeKind.VMF_VAE && c.getBool("vae.kappa_correction");
        boolean base = kind == VaeKind.VMF_VAE && c.getBool("vae.kappa_baseline");
        String woodB = kind == VaeKind.VMF_VAE ? c.getChoice("vae.wood_b", WOOD_B) : "exact";
        double kappa = kind == VaeKind.VMF_VAE_FIXED ? c.getDouble("vae.kappa") : 0;
        if (kind == VaeKind.VMF_VAE_FIXED && !(kappa > 0 && kappa <= 1e5)) throw new UsageException("vae.kappa must be in (0, 1e5], got " + kappa);
        double step = kind == VaeKind.VMF_VAE_FIXED ? c.getDouble("vae.table_step") : 0;
        if (kind == VaeKind.VMF_VAE_FIXED && !(step >= 1e-7 && step <= 1e-2)) {
            throw new UsageException("vae.table_step must be in [1e-7, 1e-2], got " + step);
        }
        return new VaeSettings(kind, latent, c.getChoice("vae.arch", ARCHS), hidden, channels,
                c.getChoice("vae.likelihood", LIKELIHOODS), c.getBool("vae.binarize"), klStart, klWarmup, freeBits, fbMode,
                evalSamples, text, gamma, bnEps, tau, corr, base, woodB, kappa, step);
    }

    /** The posterior this kind uses. */
    public Posterior newPosterior() {
        return switch (kind) {
            case VAE -> GaussianPosterior.plain(latent);
            case BN_VAE -> GaussianPosterior.batchNormMu(latent, gamma, bnEps);
            case BN_VAE_SU -> new SuBatchNormPosterior(latent, tau);
            case VMF_VAE -> VmfPosterior.learned(latent, kappaCorrection,
                    woodB.equals("exact") ? WoodSampler.BMode.EXACT : WoodSampler.BMode.REFERENCE_BLEND);
            case VMF_VAE_FIXED -> VmfPosterior.fixed(latent, kappa, tableStep);
        };
    }

    /** KL weight at a step: linear from kl_start to 1 over kl_warmup steps (the BN-VAE reference's annealing). */
    public double klWeight(long step) {
        if (klWarmup == 0) return 1.0;
        return Math.min(1.0, klStart + (1.0 - klStart) * (double) step / klWarmup);
    }

    /** Whether the batch couples examples (batch norm), which forbids gradient accumulation. */
    public boolean batchCoupled() {
        return kind == VaeKind.BN_VAE || kind == VaeKind.BN_VAE_SU;
    }
}
