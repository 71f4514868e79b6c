package org.genlab.vae.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.common.data.Datasets;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.RunContext;
import org.genlab.common.train.TrainConfig;
import org.genlab.vae.image.ImageVae;
import org.genlab.vae.model.VaeKind;
import org.genlab.vae.model.VaeSettings;
import org.genlab.vae.text.TextVae;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plugs the five VAE models into the CLI. The data name picks the architecture: image sets get the MLP/conv image
 * VAE, text sets the LSTM sentence VAE.
 */
public abstract class VaeModelFactory implements ModelFactory {
    public static final List<String> IMAGE_DATA = List.of(Datasets.MNIST, Datasets.FASHION_MNIST, Datasets.DIGITS);
    public static final List<String> TEXT_DATA = List.of(Datasets.BROWN, Datasets.SENTENCES);

    private final VaeKind kind;

    protected VaeModelFactory(VaeKind kind) {
        this.kind = kind;
    }

    @Override
    public String name() {
        return kind.modelName();
    }

    @Override
    public String family() {
        return "vae";
    }

    @Override
    public String summary() {
        return kind.summary();
    }

    @Override
    public List<String> datasets() {
        List<String> all = new java.util.ArrayList<>(IMAGE_DATA);
        all.addAll(TEXT_DATA);
        return all;
    }

    @Override
    public ObjectNode defaults() {
        return VaeSettings.defaults(kind);
    }

    @Override
    public Map<String, String> trainFlags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("latent", "vae.latent");
        f.put("arch", "vae.arch");
        f.put("likelihood", "vae.likelihood");
        f.put("kl-warmup", "vae.kl_warmup");
        f.put("kl-start", "vae.kl_start");
        if (kind.gaussian()) {
            f.put("free-bits", "vae.free_bits");
            f.put("free-bits-mode", "vae.free_bits_mode");
        }
        switch (kind) {
            case BN_VAE -> f.put("gamma", "vae.gamma");
            case BN_VAE_SU -> f.put("tau", "vae.tau");
            case VMF_VAE -> f.put("kappa-correction", "vae.kappa_correction");
            case VMF_VAE_FIXED -> f.put("kappa", "vae.kappa");
            default -> { }
        }
        f.put("word-dropout", "vae.text.word_dropout");
        return f;
    }

    @Override
    public List<String> samplers() {
        return List.of("prior", "reconstruct", "interpolate", "manifold", "homotopy");
    }

    @Override
    public Map<String, String> sampleOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("decode", "text decoding: greedy, sample or beam (default greedy)");
        o.put("temperature", "softmax temperature for --decode sample (default 1.0)");
        o.put("beam", "beam width for --decode beam (default 5)");
        o.put("grid", "manifold grid size (default 20)");
        return o;
    }

    @Override
    public String sampleExtension(Config config) {
        return TEXT_DATA.contains(config.getString("data")) ? "txt" : "png";
    }

    @Override
    public GenerativeModel create(Config config, RunContext ctx) {
        VaeSettings s = VaeSettings.from(config);
        TrainConfig tc = TrainConfig.from(config);
        String data = config.getString("data");
        if (IMAGE_DATA.contains(data)) {
            ImageVae m = new ImageVae(s, tc, Datasets.images(data, ctx.data()), ctx.rngs(), ctx.dtype(), ctx.out());
            m.printSummary();
            return m;
        }
        if (TEXT_DATA.contains(data)) {
            TextVae m = TextVae.create(s, tc, data, ctx);
            m.printSummary();
            return m;
        }
        throw new UsageException("model " + name() + " trains on " + String.join(", ", datasets()) + ", not '" + data + "'");
    }

    /** Gaussian baseline. */
    public static final class Vae extends VaeModelFactory {
        public Vae() {
            super(VaeKind.VAE);
        }
    }

    /** BN-VAE (paper). */
    public static final class BnVae extends VaeModelFactory {
        public BnVae() {
            super(VaeKind.BN_VAE);
        }
    }

    /** BN-VAE, Su's μσ variant. */
    public static final class BnVaeSu extends VaeModelFactory {
        public BnVaeSu() {
            super(VaeKind.BN_VAE_SU);
        }
    }

    /** vMF-VAE, learned κ. */
    public static final class VmfVae extends VaeModelFactory {
        public VmfVae() {
            super(VaeKind.VMF_VAE);
        }
    }

    /** vMF-VAE, fixed κ. */
    public static final class VmfVaeFixed extends VaeModelFactory {
        public VmfVaeFixed() {
            super(VaeKind.VMF_VAE_FIXED);
        }
    }
}
