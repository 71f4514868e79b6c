package org.genlab.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.UsageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A run's configuration: a JSON tree of defaults into which a config file and command-line flags are merged. Merging
 * is strict: a key absent from the defaults, or a value of the wrong type, is a {@link UsageException} naming the key
 * and the accepted keys, so a typo never silently falls back to a default. The resolved tree is saved in the run
 * directory and is what a resumed run and {@code genlab sample} rebuild the model from.
 */
public final class Config {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root;

    private Config(ObjectNode root) {
        this.root = root;
    }

    public static Config of(ObjectNode defaults) {
        return new Config(defaults.deepCopy());
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Reads a JSON file, with a one-line error for a missing or malformed file. */
    public static ObjectNode readFile(Path file) {
        if (!Files.isRegularFile(file)) throw new UsageException("config file not found: " + file);
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.isObject()) throw new UsageException("config file " + file + " must hold a JSON object");
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw new UsageException("config file " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    public static Config load(Path file) {
        return new Config(readFile(file));
    }

    /** Deep-merges {@code overrides} (from {@code source}, for messages) into this config; strict on keys and types. */
    public Config merge(ObjectNode overrides, String source) {
        mergeInto(root, overrides, "", source);
        return this;
    }

    private static void mergeInto(ObjectNode target, ObjectNode src, String path, String source) {
        Iterator<Map.Entry<String, JsonNode>> it = src.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode current = target.get(e.getKey());
            if (current == null) {
                throw new UsageException("unknown config key '" + key + "' in " + source + "; known keys here: "
                        + String.join(", ", fieldNames(target)));
            }
            JsonNode v = e.getValue();
            if (current.isObject()) {
                if (!v.isObject()) throw new UsageException("config key '" + key + "' in " + source + " must be an object");
                mergeInto((ObjectNode) current, (ObjectNode) v, key, source);
            } else {
                checkType(key, current, v, source);
                target.set(e.getKey(), v.deepCopy());
            }
        }
    }

    private static void checkType(String key, JsonNode def, JsonNode v, String source) {
        boolean ok = switch (def.getNodeType()) {
            case NUMBER -> v.isNumber() && (!def.isIntegralNumber() || v.isIntegralNumber() || isWhole(v.asDouble()));
            case BOOLEAN -> v.isBoolean();
            case STRING -> v.isTextual();
            case ARRAY -> v.isArray();
            case NULL -> true;
            default -> v.getNodeType() == def.getNodeType();
        };
        if (!ok) {
            throw new UsageException("config key '" + key + "' in " + source + " must be " + describe(def) + ", got " + v);
        }
    }

    private static boolean isWhole(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d);
    }

    private static String describe(JsonNode def) {
        if (def.isIntegralNumber()) return "an integer";
        if (def.isNumber()) return "a number";
        if (def.isBoolean()) return "true or false";
        if (def.isTextual()) return "a string";
        if (def.isArray()) return "a JSON array";
        return def.getNodeType().toString().toLowerCase();
    }

    private static List<String> fieldNames(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Sets a dotted key from a command-line string, parsed according to the default's type
     * ("train.lr=3e-4", "sde=vp", "unet.channels=[32,64]").
     */
    public Config set(String dottedKey, String raw) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                throw new UsageException("unknown config key '" + dottedKey + "'; known keys here: " + String.join(", ", fieldNames(node)));
            }
            node = (ObjectNode) child;
        }
        String leaf = parts[parts.length - 1];
        JsonNode def = node.get(leaf);
        if (def == null) {
            throw new UsageException("unknown config key '" + dottedKey + "'; known keys here: " + String.join(", ", fieldNames(node)));
        }
        JsonNode parsed = parse(dottedKey, def, raw);
        node.set(leaf, parsed);
        return this;
    }

    private static JsonNode parse(String key, JsonNode def, String raw) {
        String r = raw.trim();
        try {
            if (def.isIntegralNumber()) {
                double d = Double.parseDouble(r);
                if (!isWhole(d)) throw new NumberFormatException();
                return JSON.getNodeFactory().numberNode((long) d);
            }
            if (def.isNumber()) return JSON.getNodeFactory().numberNode(Double.parseDouble(r));
        } catch (NumberFormatException e) {
            throw new UsageException("'" + key + "' must be " + describe(def) + ", got '" + raw + "'");
        }
        if (def.isBoolean()) {
            if (r.equalsIgnoreCase("true") || r.equalsIgnoreCase("false")) return JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(r));
            throw new UsageException("'" + key + "' must be true or false, got '" + raw + "'");
        }
        if (def.isTextual() || def.isNull()) return JSON.getNodeFactory().textNode(r);
        if (def.isArray()) {
            try {
                JsonNode n = JSON.readTree(r);
                if (n instanceof ArrayNode) return n;
            } catch (JsonProcessingException ignored) {
                // fall through to the error below
            }
            throw new UsageException("'" + key + "' must be a JSON array such as [32,64], got '" + raw + "'");
        }
        throw new UsageException("config key '" + key + "' cannot be set from the command line");
    }

    private JsonNode node(String dottedKey) {
        JsonNode n = root;
        for (String p : dottedKey.split("\\.")) {
            n = n.get(p);
            if (n == null) throw new IllegalArgumentException("config has no key '" + dottedKey + "' (a missing default)");
        }
        return n;
    }

    public boolean has(String dottedKey) {
        JsonNode n = root;
        for (String p : dottedKey.split("\\.")) {
            n = n.get(p);
            if (n == null) return false;
        }
        return true;
    }

    public int getInt(String key) {
        return Math.toIntExact(node(key).asLong());
    }

    public long getLong(String key) {
        return node(key).asLong();
    }

    public double getDouble(String key) {
        return node(key).asDouble();
    }

    public boolean getBool(String key) {
        return node(key).asBoolean();
    }

    public String getString(String key) {
        JsonNode n = node(key);
        return n.isNull() ? null : n.asText();
    }

    public int[] getInts(String key) {
        JsonNode n = node(key);
        int[] v = new int[n.size()];
        for (int i = 0; i < v.length; i++) v[i] = n.get(i).asInt();
        return v;
    }

    public double[] getDoubles(String key) {
        JsonNode n = node(key);
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) v[i] = n.get(i).asDouble();
        return v;
    }

    /** Requires a value from a fixed set, with an error listing the choices. */
    public String getChoice(String key, String... choices) {
        String v = getString(key);
        for (String c : choices) if (c.equals(v)) return v;
        throw new UsageException("'" + key + "' must be one of " + String.join(", ", choices) + ", got '" + v + "'");
    }

    public ObjectNode json() {
        return root;
    }

    public Config copy() {
        return new Config(root.deepCopy());
    }

    /** Writes atomically (temp file, then rename). */
    public void save(Path file) {
        try {
            writeAtomically(file, root);
        } catch (IOException e) {
            throw new UsageException("cannot write config " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes pretty JSON to a temp file and renames it over {@code file}, so readers never see half a file. */
    public static void writeAtomically(Path file, JsonNode node) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), node);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return root.toPrettyString();
    }

    /** Type name of a JSON value, for messages. */
    static String typeOf(JsonNode n) {
        return n.getNodeType() == JsonNodeType.NUMBER ? "number" : n.getNodeType().toString().toLowerCase();
    }
}
