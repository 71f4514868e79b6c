package org.genlab.diffusion.model;

import org.genlab.common.UsageException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code genlab sample} for score-sde, parsed and checked against the chosen sampler: every key the
 * sampler does not use is an error that lists the ones it does (a silently ignored "--opt snr=0.1" on the ODE
 * sampler would mislead a comparison).
 */
final class SampleOptions {
    static final List<String> SAMPLERS = List.of("ode", "pc", "em", "ancestral", "reverse_diffusion");

    /** Option → help text, for {@code ModelFactory.sampleOptions()}. */
    static final Map<String, String> HELP = help();

    private static final Set<String> ODE_KEYS = Set.of("method", "steps", "rtol", "atol", "eps", "denoise", "roundtrip");
    private static final Set<String> PC_KEYS = Set.of("steps", "snr", "corrector", "corrector_steps", "predictor", "order", "eps",
            "denoise", "inpaint");

    final String sampler;
    private final Map<String, String> raw;

    SampleOptions(String sampler, Map<String, String> options) {
        String s = sampler == null ? "ode" : sampler.trim().toLowerCase(Locale.ROOT);
        if (!SAMPLERS.contains(s)) throw new UsageException("unknown sampler '" + sampler + "'; choose one of " + String.join(", ", SAMPLERS));
        this.sampler = s;
        this.raw = new LinkedHashMap<>(options);
        Set<String> allowed = isOde() ? ODE_KEYS : PC_KEYS;
        for (String k : raw.keySet()) {
            if (allowed.contains(k)) continue;
            if (k.equals("predictor")) {
                throw new UsageException("option 'predictor' applies to --sampler pc only; sampler " + s + " fixes its predictor");
            }
            String hint = k.equals("inpaint") ? " (inpainting runs the PC sampler: use --sampler pc)"
                    : k.equals("roundtrip") ? " (the round trip is through the ODE: use --sampler ode)" : "";
            throw new UsageException("sampler " + s + " takes no option '" + k + "'" + hint + "; it accepts: "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
        if (!s.equals("pc") && raw.containsKey("predictor")) {
            throw new UsageException("option 'predictor' applies to --sampler pc only");
        }
    }

    boolean isOde() {
        return sampler.equals("ode");
    }

    boolean has(String key) {
        return raw.containsKey(key);
    }

    String string(String key, String def) {
        String v = raw.get(key);
        return v == null ? def : v.trim().toLowerCase(Locale.ROOT);
    }

    int positiveInt(String key, int def) {
        String v = raw.get(key);
        if (v == null) return def;
        try {
            int i = Integer.parseInt(v.trim());
            if (i >= 1) return i;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("option " + key + " must be a positive whole number, got '" + v + "'");
    }

    /** A positive number; NaN when absent and def is NaN. */
    double positive(String key, double def) {
        String v = raw.get(key);
        if (v == null) return def;
        try {
            double d = Double.parseDouble(v.trim());
            if (d > 0 && Double.isFinite(d)) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("option " + key + " must be a positive number, got '" + v + "'");
    }

    boolean bool(String key, boolean def) {
        String v = raw.get(key);
        if (v == null) return def;
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("1") || t.equals("yes")) return true;
        if (t.equals("false") || t.equals("0") || t.equals("no")) return false;
        throw new UsageException("option " + key + " must be true or false, got '" + v + "'");
    }

    /** The predictor a PC-family sampler runs. */
    String predictor() {
        return switch (sampler) {
            case "pc" -> string("predictor", "reverse_diffusion");
            case "em" -> "em";
            case "ancestral" -> "ancestral";
            case "reverse_diffusion" -> "reverse_diffusion";
            default -> throw new IllegalStateException(sampler);
        };
    }

    /** The corrector: Langevin for pc (score_sde's VE default), none for the plain predictors. */
    String corrector() {
        return string("corrector", sampler.equals("pc") ? "langevin" : "none");
    }

    private static Map<String, String> help() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("steps", "time steps N of pc/em/ancestral/reverse_diffusion and of fixed-step ODE methods (default sde.N)");
        m.put("snr", "Langevin corrector signal-to-noise ratio r (default 0.16; 0.05-0.2)");
        m.put("corrector", "langevin, ald or none (pc default langevin, others none)");
        m.put("corrector_steps", "corrector steps M per time point (default 1)");
        m.put("predictor", "pc only: reverse_diffusion (default), em, ancestral or none");
        m.put("order", "corrector_first (score_sde code, default) or predictor_first (paper's Algorithm 1)");
        m.put("method", "ODE solver: rk45 (default), euler, heun, rk4");
        m.put("rtol", "RK45 relative tolerance (default 1e-5)");
        m.put("atol", "RK45 absolute tolerance (default 1e-5)");
        m.put("eps", "last time eps_s (default 1e-3 for vp/subvp, 1e-5 for ve)");
        m.put("denoise", "true/false: noise-free last step (default true for PC samplers, false for ode)");
        m.put("inpaint", "images, pc samplers: left|top|random|center - complete test images from the known part");
        m.put("roundtrip", "true (ode only): encode data to latents with the PF-ODE and decode back; reports the error");
        return m;
    }
}
