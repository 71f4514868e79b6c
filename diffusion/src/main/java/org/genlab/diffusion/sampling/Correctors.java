package org.genlab.diffusion.sampling;

import org.genlab.common.UsageException;
import org.genlab.diffusion.score.ScoreFn;
import org.genlab.diffusion.sde.Sde;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Name registry of correctors: "langevin", "ald" (annealed Langevin), "none". */
public final class Correctors {
    /** Builds a corrector for an SDE, a score, a signal-to-noise ratio and a number of steps per time point. */
    @FunctionalInterface
    public interface Factory {
        Corrector create(Sde sde, ScoreFn score, double snr, int nSteps);
    }

    private static final Map<String, Factory> REGISTRY = new LinkedHashMap<>();

    static {
        register("langevin", LangevinCorrector::new);
        register("ald", AnnealedLangevinCorrector::new);
        register("none", (sde, score, snr, m) -> new NoneCorrector());
    }

    private Correctors() {
    }

    public static synchronized void register(String name, Factory factory) {
        if (REGISTRY.putIfAbsent(name, factory) != null) throw new IllegalArgumentException("corrector '" + name + "' is already registered");
    }

    public static synchronized Set<String> names() {
        return Set.copyOf(REGISTRY.keySet());
    }

    public static synchronized Corrector create(String name, Sde sde, ScoreFn score, double snr, int nSteps) {
        Factory f = REGISTRY.get(name);
        if (f == null) throw new UsageException("unknown corrector '" + name + "'; choose one of " + String.join(", ", REGISTRY.keySet()));
        return f.create(sde, score, snr, nSteps);
    }
}
