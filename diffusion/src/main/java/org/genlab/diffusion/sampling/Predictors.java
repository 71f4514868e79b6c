package org.genlab.diffusion.sampling;

import org.genlab.common.UsageException;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.Sde;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Name registry of predictors: "em" (alias "euler_maruyama"), "reverse_diffusion", "ancestral", "none". */
public final class Predictors {
    /** Builds a predictor for an SDE, a score and the reverse-SDE or probability-flow mode. */
    @FunctionalInterface
    public interface Factory {
        Predictor create(Sde sde, ScoreFn score, boolean probabilityFlow);
    }

    private static final Map<String, Factory> REGISTRY = new LinkedHashMap<>();

    static {
        register("em", EulerMaruyamaPredictor::new);
        register("euler_maruyama", EulerMaruyamaPredictor::new);
        register("reverse_diffusion", ReverseDiffusionPredictor::new);
        register("ancestral", AncestralSamplingPredictor::new);
        register("ancestral_sampling", AncestralSamplingPredictor::new);
        register("none", (sde, score, pf) -> new NonePredictor());
    }

    private Predictors() {
    }

    /** Adds a predictor under a new name. */
    public static synchronized void register(String name, Factory factory) {
        if (REGISTRY.putIfAbsent(name, factory) != null) throw new IllegalArgumentException("predictor '" + name + "' is already registered");
    }

    public static synchronized Set<String> names() {
        return Set.copyOf(REGISTRY.keySet());
    }

    public static synchronized Predictor create(String name, Sde sde, ScoreFn score, boolean probabilityFlow) {
        Factory f = REGISTRY.get(name);
        if (f == null) throw new UsageException("unknown predictor '" + name + "'; choose one of " + String.join(", ", REGISTRY.keySet()));
        return f.create(sde, score, probabilityFlow);
    }
}
