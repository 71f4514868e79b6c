package org.genlab.common.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.config.Config;

/**
 * How a model family plugs into the CLI: each module lists its factories in
 * {@code META-INF/services/org.genlab.common.model.ModelFactory}, and {@link ModelRegistry} finds them.
 */
public interface ModelFactory {
    /** The --model name, e.g. "score-sde", "bn-vae", "wgan-gp". */
    String name();

    /** "diffusion", "vae" or "gan". */
    String family();

    /** One line for {@code genlab list}. */
    String summary();

    /** Data names this model trains on ("toy:*" matches every 2-D toy). */
    java.util.List<String> datasets();

    /**
     * The complete default config: the common keys of {@link org.genlab.common.train.TrainConfig#defaults()} plus this
     * model's own section. Every key a user may set must be present here (merging is strict).
     */
    ObjectNode defaults();

    /**
     * Model-specific command-line shortcuts for {@code genlab train}: flag name → config key, e.g. "sde" → "sde.type",
     * so that {@code --sde vp} means {@code --set sde.type=vp}.
     */
    default java.util.Map<String, String> trainFlags() {
        return java.util.Map.of();
    }

    /** Options {@code genlab sample} accepts for this model (name → description), passed in SampleRequest.options. */
    default java.util.Map<String, String> sampleOptions() {
        return java.util.Map.of();
    }

    /** Sampler names for {@code genlab sample --sampler} and {@code genlab list}; the first is the default. */
    default java.util.List<String> samplers() {
        return java.util.List.of();
    }

    /** File extension of what {@code sample} writes for this config ("png" for pictures, "txt" for sentences). */
    default String sampleExtension(org.genlab.common.config.Config config) {
        return "png";
    }

    /** Builds a freshly initialised model from a resolved config (weights drawn from ctx's "init" stream). */
    GenerativeModel create(Config config, RunContext ctx);
}
