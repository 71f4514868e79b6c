package org.genlab.diffusion.sde;

import org.genlab.common.UsageException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds an SDE from a user-facing name ("ve", "vp", "subvp") and optional numeric parameters; unset parameters take
 * the score_sde defaults (σ_min 0.01, σ_max 50, β_min 0.1, β_max 20, N 1000; MATH.md §4.7). Unknown names and
 * parameters are {@link UsageException}s that list what is accepted.
 */
public final class SdeFactory {
    public static final List<String> NAMES = List.of("ve", "vp", "subvp");

    private SdeFactory() {
    }

    public static Sde parse(String name) {
        return parse(name, Map.of());
    }

    /** @param params keys sigma_min, sigma_max, N for "ve"; beta_min, beta_max, N for "vp" and "subvp" */
    public static Sde parse(String name, Map<String, ? extends Number> params) {
        if (name == null) throw new UsageException("no SDE given; choose one of " + String.join(", ", NAMES));
        String key = name.trim().toLowerCase(Locale.ROOT);
        Map<String, Double> p = new LinkedHashMap<>();
        switch (key) {
            case "ve" -> {
                p.put("sigma_min", VeSde.DEFAULT_SIGMA_MIN);
                p.put("sigma_max", VeSde.DEFAULT_SIGMA_MAX);
                p.put("N", (double) VeSde.DEFAULT_N);
            }
            case "vp", "subvp" -> {
                p.put("beta_min", VpSde.DEFAULT_BETA_MIN);
                p.put("beta_max", VpSde.DEFAULT_BETA_MAX);
                p.put("N", (double) VpSde.DEFAULT_N);
            }
            default -> throw new UsageException("unknown SDE '" + name + "'; choose one of " + String.join(", ", NAMES));
        }
        for (Map.Entry<String, ? extends Number> e : params.entrySet()) {
            if (!p.containsKey(e.getKey())) {
                throw new UsageException("unknown parameter '" + e.getKey() + "' for the " + key + " SDE; accepted: "
                        + String.join(", ", p.keySet()));
            }
            if (e.getValue() == null) throw new UsageException("parameter '" + e.getKey() + "' of the " + key + " SDE has no value");
            p.put(e.getKey(), e.getValue().doubleValue());
        }
        double nRaw = p.get("N");
        if (nRaw != Math.rint(nRaw) || nRaw < 2 || nRaw > Integer.MAX_VALUE) {
            throw new UsageException("SDE parameter N must be a whole number of at least 2, got " + nRaw);
        }
        int n = (int) nRaw;
        return switch (key) {
            case "ve" -> new VeSde(p.get("sigma_min"), p.get("sigma_max"), n);
            case "vp" -> new VpSde(p.get("beta_min"), p.get("beta_max"), n);
            default -> new SubVpSde(p.get("beta_min"), p.get("beta_max"), n);
        };
    }
}
