package org.genlab.common.model;

import java.util.Map;

/**
 * What {@code genlab sample} asks for: how many samples, which sampler, and sampler options as strings
 * (each model parses and validates its own, e.g. "steps", "snr", "decode").
 */
public record SampleRequest(int n, String sampler, Map<String, String> options, long seed) {
    public String option(String key, String def) {
        return options.getOrDefault(key, def);
    }
}
