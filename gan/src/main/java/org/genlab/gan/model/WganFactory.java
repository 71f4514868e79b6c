package org.genlab.gan.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.config.Config;
import org.genlab.common.data.Toy2d;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.RunContext;
import org.genlab.common.train.TrainConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLI entry of one WGAN variant ({@link Variant}); the nested classes are what
 * META-INF/services lists. One training step is one generator update after {@code gan.n_critic} critic updates.
 * Defaults: batch 256 and the toy settings of gan_toy.py; for Su's Fashion-MNIST GAN use {@code --batch 100}.
 */
public abstract class WganFactory implements ModelFactory {
    private final Variant variant;

    protected WganFactory(Variant variant) {
        this.variant = variant;
    }

    public Variant variant() {
        return variant;
    }

    @Override
    public String name() {
        return variant.modelName();
    }

    @Override
    public String family() {
        return "gan";
    }

    @Override
    public String summary() {
        return variant.summary();
    }

    @Override
    public List<String> datasets() {
        return List.of("toy:*", "fashion-mnist", "mnist", "digits");
    }

    @Override
    public ObjectNode defaults() {
        ObjectNode root = TrainConfig.defaults();
        root.put("steps", 2000);
        root.put("batch", 256);
        ObjectNode t = (ObjectNode) root.get("train");
        t.put("optimizer", variant.optimizer());
        t.put("lr", variant.lr());
        t.put("beta1", variant.beta1());
        t.put("beta2", variant.beta2());
        t.put("log_every", 10);
        t.put("checkpoint_every", 1000);
        root.set("gan", WganSettings.defaults(variant));
        return root;
    }

    @Override
    public Map<String, String> trainFlags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("arch", "gan.arch");
        m.put("n-critic", "gan.n_critic");
        m.put("penalty", "gan.penalty");
        m.put("lambda", "gan.lambda");
        m.put("dim", "gan.dim");
        m.put("w1-every", "gan.w1_every");
        return m;
    }

    @Override
    public List<String> samplers() {
        return List.of("generator");
    }

    @Override
    public Map<String, String> sampleOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field", "2-D data: critic (heat map of D behind the points, default) or none");
        m.put("resolution", "2-D data: grid nodes per side of the critic heat map (default 120)");
        return m;
    }

    @Override
    public GenerativeModel create(Config config, RunContext ctx) {
        String data = config.getString("data");
        WganSettings s = WganSettings.from(variant, config, Toy2d.isToy(data));
        return new WganModel(s, TrainConfig.from(config), data, ctx);
    }

    /** wgan-clip. */
    public static final class Clip extends WganFactory {
        public Clip() {
            super(Variant.CLIP);
        }
    }

    /** wgan-gp. */
    public static final class Gp extends WganFactory {
        public Gp() {
            super(Variant.GP);
        }
    }

    /** wgan-lp. */
    public static final class Lp extends WganFactory {
        public Lp() {
            super(Variant.LP);
        }
    }

    /** wgan-div. */
    public static final class Div extends WganFactory {
        public Div() {
            super(Variant.DIV);
        }
    }

    /** wgan-sn. */
    public static final class Sn extends WganFactory {
        public Sn() {
            super(Variant.SN);
        }
    }

    /** wgan-ct. */
    public static final class Ct extends WganFactory {
        public Ct() {
            super(Variant.CT);
        }
    }
}
