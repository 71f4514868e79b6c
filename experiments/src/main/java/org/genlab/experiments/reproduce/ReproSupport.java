package org.genlab.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.backend.Backend;
import org.genlab.common.config.Config;
import org.genlab.experiments.report.Report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the reproductions share: running cells through the options' runner and parsing their JSON results, resuming
 * finished cells, mean ± sd over seeds, pictures shipped back as base64, and the report's closing sections (configs,
 * seeds, wall time, machine).
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

    /** What {@link #runCells} ran: the cells, their results (in order and by label), wall time and load before. */
    record Ran(List<ObjectNode> cells, List<ObjectNode> results, Map<String, List<ObjectNode>> byLabel, double wallSeconds,
               String loadBefore) {
    }

    /** Runs the cells through the options' runner (in order), timed, and parses the results. */
    static Ran runCells(String name, List<ObjectNode> cells, ReproductionOptions o) throws Exception {
        String load0 = loadAverage();
        long t0 = System.nanoTime();
        List<ObjectNode> res = runCellsUntimed(name, cells, o);
        return new Ran(cells, res, byLabel(res), (System.nanoTime() - t0) / 1e9, load0);
    }

    private static List<ObjectNode> runCellsUntimed(String name, List<ObjectNode> cells, ReproductionOptions o) throws Exception {
        List<String> in = new ArrayList<>();
        for (ObjectNode c : cells) in.add(json(c));
        o.console().printf("%s: %d cells via %s%n", name, cells.size(), o.runner().describe());
        List<String> out = o.runner().run(name, in, o.out().resolve("cells"), o.data());
        List<ObjectNode> res = new ArrayList<>();
        for (String s : out) res.add(parse(s));
        // every cell's description and result next to the report, so tables can be re-read without re-running
        ArrayNode all = Config.JSON.createArrayNode();
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
    static void provenance(Report r, ReproductionOptions o, String budget, Ran ran) {
        double wallSeconds = ran.wallSeconds();
        List<ObjectNode> cells = ran.cells(), results = ran.results();
        String loadBefore = ran.loadBefore();
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
        machine(r);
        r.subsection("Exact cell configurations");
        r.paragraph("Each cell's resolved model config (defaults merged with the cell's overrides) is `cells/cell-NNN/config.json`; "
                + "the cell descriptions as run:");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) sb.append(String.format("cell-%03d ", i)).append(json(cells.get(i)).replaceAll("\\s+", " ")).append('\n');
        r.code(sb.toString());
    }

    /** The machine table: backend, BLAS, threads, CPU (Backend.report()). */
    static void machine(Report r) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, String> e : Backend.report().entrySet()) rows.add(List.of(e.getKey(), e.getValue()));
        r.subsection("Machine");
        r.table(List.of("property", "value"), rows);
    }

    /** A cell's work, done once per output directory. */
    interface CellWork {
        String run() throws Exception;
    }

    /**
     * Runs a cell unless {@code cellDir} already holds its result for exactly this cell JSON (cell.json +
     * result.json), so re-running a reproduction with the same --out resumes after the last finished cell.
     */
    static String cached(String cell, Path cellDir, CellWork work) throws Exception {
        Path cellFile = cellDir.resolve("cell.json"), resultFile = cellDir.resolve("result.json");
        String canonical = json(parse(cell));
        if (Files.isRegularFile(resultFile) && Files.isRegularFile(cellFile)
                && Files.readString(cellFile).equals(canonical)) {
            return Files.readString(resultFile);
        }
        Files.createDirectories(cellDir);
        Files.deleteIfExists(resultFile);
        Files.writeString(cellFile, canonical);
        String result = work.run();
        Files.writeString(resultFile, result);
        return result;
    }

    /** The closing sections: budget, seeds, runner, wall time, command line, machine (Backend.report()). */
    static void runFacts(Report r, Reproduction repro, ReproductionOptions o, String scaleName, double seconds,
                                List<String> cells) {
        r.section("Run");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("budget", scaleName + " (" + (o.full() ? repro.fullBudget() : repro.quickBudget()) + " planned)"));
        rows.add(List.of("seeds", o.seeds() + " (seed i = 0 … " + (o.seeds() - 1) + ")"));
        rows.add(List.of("cells", cells.size() + ", runner: " + o.runner().describe()));
        rows.add(List.of("wall time", String.format(Locale.ROOT, "%.1f s (%.1f min)", seconds, seconds / 60)));
        rows.add(List.of("finished", LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)));
        rows.add(List.of("load average at end", loadAverage()));
        r.table(List.of("item", "value"), rows);
        r.paragraph("Command: `genlab reproduce " + repro.name() + (o.full() ? " --full" : " --quick") + " --seeds " + o.seeds() + "`");
        r.subsection("Cells (exact configurations)");
        StringBuilder sb = new StringBuilder();
        for (String c : cells) sb.append(c.replaceAll("\\s*\n\\s*", " ")).append('\n');
        r.code(sb.toString());
        machine(r);
    }

    /** "m ± sd" over seeds (just m for one value); "–" when there are none, "nan" if any is not finite. */
    static String meanSd(List<Double> v, String fmt) {
        if (v.isEmpty()) return "–";
        double s = 0;
        for (double x : v) s += x;
        double m = s / v.size();
        if (v.size() == 1) return String.format(Locale.ROOT, fmt, m);
        double ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return String.format(Locale.ROOT, fmt + " ± " + fmt, m, Math.sqrt(ss / (v.size() - 1)));
    }

    static double mean(List<Double> v) {
        double s = 0;
        for (double x : v) s += x;
        return v.isEmpty() ? Double.NaN : s / v.size();
    }

    static double[] doubles(JsonNode arr) {
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) out[i] = arr.get(i).asDouble();
        return out;
    }

    static ArrayNode array(ObjectNode parent, String key, double[] v) {
        ArrayNode a = parent.putArray(key);
        for (double x : v) a.add(x);
        return a;
    }
}
