package org.genlab.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.genlab.common.config.Config;
import org.genlab.experiments.report.Report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report of a {@code genlab sweep}: per configuration the mean ± sample standard deviation over seeds of every
 * evaluation metric, then every cell, then the sweep file; results.json holds the raw cell results.
 */
public final class SweepReport {
    private SweepReport() {
    }

    public static Path write(SweepSpec spec, List<SweepSpec.Cell> cells, List<String> results, String runner,
                             double wallSeconds, Path outDir) throws IOException {
        List<JsonNode> res = new ArrayList<>();
        for (String r : results) res.add(Config.JSON.readTree(r));
        Set<String> metricNames = new LinkedHashSet<>();
        for (JsonNode r : res) r.path("metrics").fieldNames().forEachRemaining(metricNames::add);
        Map<String, List<JsonNode>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) byLabel.computeIfAbsent(cells.get(i).label(), k -> new ArrayList<>()).add(res.get(i));

        Report rep = new Report("Sweep " + spec.name());
        SweepSpec.Cell first = cells.get(0);
        rep.paragraph(String.format("Model `%s` on `%s`, %d steps per cell; %d configuration(s) × %d seed(s) = %d cells, "
                        + "run by %s in %.1f s wall time. Each cell's run directory is `cell-NNN/` (config.json, "
                        + "metrics.csv, checkpoints).", first.config().getString("model"), first.config().getString("data"),
                first.config().getLong("steps"), byLabel.size(), spec.seeds().size(), cells.size(), runner, wallSeconds));

        rep.section("Per configuration (mean ± std over seeds)");
        List<String> header = new ArrayList<>(List.of("configuration", "seeds"));
        header.addAll(metricNames);
        header.add("train s");
        List<List<String>> rows = new ArrayList<>();
        byLabel.forEach((label, rs) -> {
            List<String> row = new ArrayList<>(List.of(label, Integer.toString(rs.size())));
            for (String m : metricNames) row.add(meanStd(rs, r -> r.path("metrics").path(m)));
            row.add(meanStd(rs, r -> r.path("train_seconds")));
            rows.add(row);
        });
        rep.table(header, rows);

        rep.section("Per cell");
        List<String> h2 = new ArrayList<>(List.of("cell", "configuration", "seed"));
        h2.addAll(metricNames);
        h2.addAll(List.of("train s", "eval s"));
        List<List<String>> rows2 = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            JsonNode r = res.get(i);
            List<String> row = new ArrayList<>(List.of(String.format("cell-%03d", i), cells.get(i).label(), Long.toString(cells.get(i).seed())));
            for (String m : metricNames) row.add(num(r.path("metrics").path(m)));
            row.add(String.format("%.2f", r.path("train_seconds").asDouble()));
            row.add(String.format("%.2f", r.path("eval_seconds").asDouble()));
            rows2.add(row);
        }
        rep.table(h2, rows2);

        rep.section("Sweep file");
        rep.code(Config.JSON.writeValueAsString(specJson(spec)));

        Files.createDirectories(outDir);
        ArrayNode all = Config.JSON.createArrayNode();
        res.forEach(all::add);
        Config.JSON.writeValue(outDir.resolve("results.json").toFile(), all);
        return rep.write(outDir);
    }

    private static JsonNode specJson(SweepSpec spec) {
        var o = Config.object();
        o.put("name", spec.name());
        o.set("base", spec.base());
        var g = o.putObject("grid");
        spec.grid().forEach((k, vs) -> vs.forEach(v -> g.withArray(k).add(v)));
        var s = o.putArray("seeds");
        spec.seeds().forEach(s::add);
        o.set("eval", spec.eval());
        return o;
    }

    static String meanStd(List<JsonNode> rs, java.util.function.Function<JsonNode, JsonNode> get) {
        List<Double> xs = new ArrayList<>();
        for (JsonNode r : rs) {
            JsonNode v = get.apply(r);
            if (v.isNumber()) xs.add(v.asDouble());
        }
        if (xs.isEmpty()) return "–";
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (xs.size() == 1) return String.format("%.4g", mean);
        double ss = 0;
        for (double x : xs) ss += (x - mean) * (x - mean);
        return String.format("%.4g ± %.2g", mean, Math.sqrt(ss / (xs.size() - 1)));
    }

    private static String num(JsonNode v) {
        return v.isNumber() ? String.format("%.4g", v.asDouble()) : "–";
    }
}
