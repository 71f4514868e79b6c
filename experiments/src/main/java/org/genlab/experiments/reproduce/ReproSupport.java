package org.genlab.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.backend.Backend;
import org.genlab.common.config.Config;
import org.genlab.experiments.report.Report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reproductions share: running cells through the options' runner and parsing their JSON results,
 * mean ± sd over seeds, pictures shipped back as base64, and the report's closing section (configs, seeds, wall
 * time, machine).
 */
final class ReproSupport {
    private ReproSupport() {
    }

    static String json(JsonNode n) {
        try {
            return Config.JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode parse(String s) {
        try {
            return (ObjectNode) Config.JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the cells through the options' runner (in order) and parses the results. */
    static List<ObjectNode> runCells(String name, List<ObjectNode> cells, ReproductionOptions o) throws Exception {
        List<String> in = new ArrayList<>();
        for (ObjectNode c : cells) in.add(json(c));
        o.console().printf("%s: %d cells via %s%n", name, cells.size(), o.runner().describe());
        List<String> out = o.runner().run(name, in, o.out().resolve("cells"), o.data());
        List<ObjectNode> res = new ArrayList<>();
        for (String s : out) res.add(parse(s));
        // every cell's description and result next to the report, so tables can be re-read without re-running
        com.fasterxml.jackson.databind.node.ArrayNode all = Config.JSON.createArrayNode();
        for (int i = 0; i < res.size(); i++) {
            ObjectNode pair = all.addObject();
            pair.set("cell", cells.get(i));
            ObjectNode r = res.get(i).deepCopy();
            r.remove("pictures");
            pair.set("result", r);
        }
        Files.createDirectories(o.out());
        Config.JSON.writeValue(o.out().resolve("cells.json").toFile(), all);
        return res;
    }

    /** Cell results grouped by their "label" (configuration), seeds in order. */
    static Map<String, List<ObjectNode>> byLabel(List<ObjectNode> results) {
        Map<String, List<ObjectNode>> m = new LinkedHashMap<>();
        for (ObjectNode r : results) m.computeIfAbsent(r.get("label").asText(), k -> new ArrayList<>()).add(r);
        return m;
    }

    /** Mean and sample sd of a numeric field over the seeds (NaN sd for one seed); NaN mean when absent. */
    static double[] stat(List<ObjectNode> rs, String field) {
        List<Double> v = new ArrayList<>();
        for (ObjectNode r : rs) {
            JsonNode n = r.path("metrics").get(field);
            if (n != null && n.isNumber()) v.add(n.asDouble());
        }
        if (v.isEmpty()) return new double[] {Double.NaN, Double.NaN};
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        return new double[] {mean, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : Double.NaN};
    }

    /** "12.34" for one seed, "12.34 ± 0.56" for several. */
    static String fmt(double[] ms, int decimals) {
        if (Double.isNaN(ms[0])) return "–";
        String f = "%." + decimals + "f";
        return Double.isNaN(ms[1]) ? String.format(f, ms[0]) : String.format(f + " ± " + f, ms[0], ms[1]);
    }

    static String cell(List<ObjectNode> rs, String field, int decimals) {
        return fmt(stat(rs, field), decimals);
    }

    /** Decodes a base64 picture of a cell result into dir/name; null when the result has none. */
    static Path picture(ObjectNode result, String key, Path dir, String name) throws IOException {
        JsonNode n = result.path("pictures").get(key);
        if (n == null) return null;
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        Files.write(f, Base64.getDecoder().decode(n.asText()));
        return f;
    }

    /** Loads averages of this machine (/proc/loadavg), to put beside wall times. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "(unavailable)";
        }
    }

    /** The closing section: how it ran, seeds, wall time, machine, and every cell's exact resolved config. */
    static void provenance(Report r, ReproductionOptions o, String budget, double wallSeconds, List<ObjectNode> cells,
                           List<ObjectNode> results, String loadBefore) {
        r.section("How this ran");
        r.paragraph("Budget: **" + (o.full() ? "--full" : "--quick") + "** (" + budget + "); seeds: " + o.seeds()
                + " (seed s of a configuration uses config seed s; tables show mean ± sd over seeds when there is more than one); cells: "
                + cells.size() + " run " + o.runner().describe() + ". Total wall time " + String.format("%.1f s", wallSeconds)
                + "; load average before " + loadBefore + ", after " + loadAverage() + ".");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ObjectNode res = results.get(i);
            rows.add(List.of(String.format("cell-%03d", i), res.path("label").asText(), res.path("seed").asText(),
                    String.format("%.1f", res.path("train_seconds").asDouble(Double.NaN)),
                    String.format("%.1f", res.path("eval_seconds").asDouble(Double.NaN))));
        }
        r.table(List.of("cell", "configuration", "seed", "train s", "eval s"), rows);
        List<List<String>> mrows = new ArrayList<>();
        for (Map.Entry<String, String> e : Backend.report().entrySet()) mrows.add(List.of(e.getKey(), e.getValue()));
        r.subsection("Machine");
        r.table(List.of("property", "value"), mrows);
        r.subsection("Exact cell configurations");
        r.paragraph("Each cell's resolved model config (defaults merged with the cell's overrides) is `cells/cell-NNN/config.json`; "
                + "the cell descriptions as run:");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) sb.append(String.format("cell-%03d ", i)).append(json(cells.get(i)).replaceAll("\\s+", " ")).append('\n');
        r.code(sb.toString());
    }
}
