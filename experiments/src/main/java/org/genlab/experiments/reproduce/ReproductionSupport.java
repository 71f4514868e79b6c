package org.genlab.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.backend.Backend;
import org.genlab.common.config.Config;
import org.genlab.experiments.report.Report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What every reproduction report ends with (run facts, machine), JSON cell helpers and mean ± sd formatting. */
public final class ReproductionSupport {
    private ReproductionSupport() {
    }

    public static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Config.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("bad cell JSON: " + e.getMessage(), e);
        }
    }

    public static String json(JsonNode n) {
        try {
            return Config.JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cell's work, done once per output directory. */
    public interface CellWork {
        String run() throws Exception;
    }

    /**
     * Runs a cell unless {@code cellDir} already holds its result for exactly this cell JSON (cell.json +
     * result.json), so re-running a reproduction with the same --out resumes after the last finished cell.
     */
    public static String cached(String cell, java.nio.file.Path cellDir, CellWork work) throws Exception {
        java.nio.file.Path cellFile = cellDir.resolve("cell.json"), resultFile = cellDir.resolve("result.json");
        String canonical = json(parse(cell));
        if (java.nio.file.Files.isRegularFile(resultFile) && java.nio.file.Files.isRegularFile(cellFile)
                && java.nio.file.Files.readString(cellFile).equals(canonical)) {
            return java.nio.file.Files.readString(resultFile);
        }
        java.nio.file.Files.createDirectories(cellDir);
        java.nio.file.Files.deleteIfExists(resultFile);
        java.nio.file.Files.writeString(cellFile, canonical);
        String result = work.run();
        java.nio.file.Files.writeString(resultFile, result);
        return result;
    }

    /** The closing sections: budget, seeds, runner, wall time, command line, machine (Backend.report()). */
    public static void runFacts(Report r, Reproduction repro, ReproductionOptions o, String scaleName, double seconds,
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
        r.subsection("Machine");
        List<List<String>> m = new ArrayList<>();
        for (Map.Entry<String, String> e : Backend.report().entrySet()) m.add(List.of(e.getKey(), e.getValue()));
        r.table(List.of("property", "value"), m);
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** "m ± sd" over seeds (just m for one value); "–" when there are none, "nan" if any is not finite. */
    public static String meanSd(List<Double> v, String fmt) {
        if (v.isEmpty()) return "–";
        double s = 0;
        for (double x : v) s += x;
        double m = s / v.size();
        if (v.size() == 1) return String.format(Locale.ROOT, fmt, m);
        double ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return String.format(Locale.ROOT, fmt + " ± " + fmt, m, Math.sqrt(ss / (v.size() - 1)));
    }

    public static double mean(List<Double> v) {
        double s = 0;
        for (double x : v) s += x;
        return v.isEmpty() ? Double.NaN : s / v.size();
    }

    public static double[] doubles(JsonNode arr) {
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) out[i] = arr.get(i).asDouble();
        return out;
    }

    public static ArrayNode array(ObjectNode parent, String key, double[] v) {
        ArrayNode a = parent.putArray(key);
        for (double x : v) a.add(x);
        return a;
    }
}
