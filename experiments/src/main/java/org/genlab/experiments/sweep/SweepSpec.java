package org.genlab.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.ModelRegistry;
import org.genlab.common.train.TrainConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code genlab sweep} file: a base training config × a grid of overrides (dotted keys, as {@code --set} takes)
 * × seeds. Every cell's config is resolved and checked on the driver, so a bad key fails before anything trains.
 * <pre>
 * { "name": "critic-steps",
 *   "base": {"model": "wgan-gp", "data": "toy:8gaussians", "steps": 200, "gan.dim": 64},
 *   "grid": {"gan.n_critic": [1, 5], "train.lr": [1e-4, 3e-4]},
 *   "seeds": 3,
 *   "eval": {"metrics": [], "limit": 2000, "options": {"batches": "4"}, "seed": 0} }
 * </pre>
 */
public record SweepSpec(String name, String source, ObjectNode base, Map<String, List<JsonNode>> grid, List<Long> seeds,
                        ObjectNode eval) {
    private static final Set<String> TOP = Set.of("name", "base", "grid", "seeds", "eval");
    private static final Set<String> EVAL = Set.of("metrics", "limit", "options", "seed");

    /** One configuration × seed, with its resolved config. */
    public record Cell(String label, long seed, Config config, ObjectNode eval) {
        /** The JSON shipped to wherever the cell runs ({@link SweepCell#run}). */
        public String json() {
            ObjectNode o = Config.object();
            o.put("label", label);
            o.put("seed", seed);
            o.set("config", config.json().deepCopy());
            o.set("eval", eval.deepCopy());
            return o.toString();
        }
    }

    public static SweepSpec read(Path file) {
        if (!Files.isRegularFile(file)) throw new UsageException("sweep file " + file + " does not exist");
        JsonNode root;
        try {
            root = Config.JSON.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException("sweep file " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new UsageException("cannot read sweep file " + file + ": " + e.getMessage());
        }
        return parse(root, file.toString());
    }

    public static SweepSpec parse(JsonNode root, String source) {
        if (!(root instanceof ObjectNode top)) throw bad(source, "the file must hold a JSON object with base, grid and seeds");
        top.fieldNames().forEachRemaining(k -> {
            if (!TOP.contains(k)) throw bad(source, "unknown key '" + k + "'; known keys: name, base, grid, seeds, eval");
        });
        String name = top.path("name").asText("sweep");
        if (!name.matches("[A-Za-z0-9._-]+")) throw bad(source, "key 'name' must be letters, digits, '.', '_' or '-', got '" + name + "'");
        if (!(top.get("base") instanceof ObjectNode base)) throw bad(source, "key 'base' must be an object holding at least \"model\" and \"data\"");
        if (!base.path("model").isTextual()) throw bad(source, "key 'base.model' must name a model (see 'genlab list')");
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        JsonNode g = top.get("grid");
        if (g != null) {
            if (!g.isObject()) throw bad(source, "key 'grid' must be an object of dotted config keys to arrays of values");
            for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!(e.getValue() instanceof ArrayNode a) || a.isEmpty()) {
                    throw bad(source, "grid key '" + e.getKey() + "' must map to a non-empty array of values");
                }
                if (Set.of("model", "seed", "dtype").contains(e.getKey())) {
                    throw bad(source, "grid key '" + e.getKey() + "' cannot vary: " + switch (e.getKey()) {
                        case "model" -> "write one sweep per model";
                        case "seed" -> "list seeds under \"seeds\"";
                        default -> "ND4J's default data type is per JVM; write one sweep per dtype";
                    });
                }
                List<JsonNode> values = new ArrayList<>();
                a.forEach(values::add);
                grid.put(e.getKey(), values);
            }
        }
        List<Long> seeds = new ArrayList<>();
        JsonNode s = top.get("seeds");
        if (s == null) seeds.add(0L);
        else if (s.isIntegralNumber() && s.asLong() >= 1 && s.asLong() <= 1000) for (long i = 0; i < s.asLong(); i++) seeds.add(i);
        else if (s.isArray() && !s.isEmpty()) {
            for (JsonNode n : s) {
                if (!n.isIntegralNumber()) throw bad(source, "key 'seeds' must hold integers, got " + n);
                if (seeds.contains(n.asLong())) throw bad(source, "key 'seeds' lists seed " + n + " twice");
                seeds.add(n.asLong());
            }
        } else throw bad(source, "key 'seeds' must be a count (1..1000) or a non-empty array of integer seeds, got " + s);
        ObjectNode eval = Config.object();
        JsonNode ev = top.get("eval");
        if (ev != null) {
            if (!(ev instanceof ObjectNode eo)) throw bad(source, "key 'eval' must be an object (metrics, limit, options, seed)");
            eo.fieldNames().forEachRemaining(k -> {
                if (!EVAL.contains(k)) throw bad(source, "unknown key 'eval." + k + "'; known: metrics, limit, options, seed");
            });
            if (eo.has("metrics") && !(eo.get("metrics").isArray())) throw bad(source, "key 'eval.metrics' must be an array of metric names");
            if (eo.has("limit") && !(eo.get("limit").isIntegralNumber() && eo.get("limit").asLong() > 0)) {
                throw bad(source, "key 'eval.limit' must be a positive integer");
            }
            if (eo.has("options") && !eo.get("options").isObject()) throw bad(source, "key 'eval.options' must be an object of strings");
            if (eo.has("seed") && !eo.get("seed").isIntegralNumber()) throw bad(source, "key 'eval.seed' must be an integer");
            eval = eo.deepCopy();
        }
        return new SweepSpec(name, source, base.deepCopy(), grid, List.copyOf(seeds), eval);
    }

    /** The grid's configurations in order (last key varies fastest), each as its overrides. */
    public List<Map<String, JsonNode>> points() {
        List<Map<String, JsonNode>> pts = new ArrayList<>();
        pts.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> e : grid.entrySet()) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> p : pts) {
                for (JsonNode v : e.getValue()) {
                    Map<String, JsonNode> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            pts = next;
        }
        return pts;
    }

    public static String label(Map<String, JsonNode> point) {
        if (point.isEmpty()) return "base";
        List<String> parts = new ArrayList<>();
        point.forEach((k, v) -> parts.add(k + "=" + (v.isNumber() ? plain(v) : raw(v))));
        return String.join(" ", parts);
    }

    /** All cells, configuration-major then seed; every config resolved against the model's defaults and checked. */
    public List<Cell> cells(ModelRegistry registry) {
        ModelFactory f;
        try {
            f = registry.get(base.get("model").asText());
        } catch (UsageException e) {
            throw bad(source, "key 'base.model': " + e.getMessage());
        }
        List<Cell> cells = new ArrayList<>();
        for (Map<String, JsonNode> point : points()) {
            Config cfg = Config.of(f.defaults());
            for (Iterator<Map.Entry<String, JsonNode>> it = base.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("model")) continue;
                apply(cfg, e.getKey(), e.getValue(), "base key '" + e.getKey() + "'");
            }
            cfg.set("model", f.name());
            point.forEach((k, v) -> apply(cfg, k, v, "grid key '" + k + "'"));
            try {
                TrainConfig.from(cfg);
            } catch (UsageException e) {
                throw bad(source, "configuration " + label(point) + ": " + e.getMessage());
            }
            for (long seed : seeds) {
                Config c = cfg.copy();
                c.set("seed", Long.toString(seed));
                cells.add(new Cell(label(point), seed, c, eval));
            }
        }
        return cells;
    }

    private void apply(Config cfg, String key, JsonNode v, String what) {
        try {
            if (v.isObject()) {
                ObjectNode wrapped = Config.object();
                wrapped.set(key, v);
                cfg.merge(wrapped, source);
            } else {
                cfg.set(key, raw(v));
            }
        } catch (UsageException e) {
            throw bad(source, what + ": " + e.getMessage());
        }
    }

    /** 1e-4 as "0.0001", 2.0 as "2": labels read like the sweep file, not like Double.toString. */
    private static String plain(JsonNode v) {
        return new java.math.BigDecimal(v.asText()).stripTrailingZeros().toPlainString();
    }

    private static String raw(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }

    private static UsageException bad(String source, String what) {
        return new UsageException("sweep file " + source + ": " + what);
    }
}
