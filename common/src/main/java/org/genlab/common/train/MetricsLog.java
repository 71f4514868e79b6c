package org.genlab.common.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.config.Config;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes metrics every {@code every} steps to {@code metrics.jsonl} (one JSON object per line, every key) and
 * {@code metrics.csv} (columns fixed by the first row). On resume, rows after the resumed step (written after the
 * last checkpoint by the killed run) are dropped, so the files read as one uninterrupted run.
 */
public final class MetricsLog implements TrainListener {
    private final Path jsonl, csv;
    private final long every;
    private List<String> columns;
    private long t0;

    public MetricsLog(Path runDir, long every) {
        this.jsonl = runDir.resolve("metrics.jsonl");
        this.csv = runDir.resolve("metrics.csv");
        this.every = every;
    }

    public Path csv() {
        return csv;
    }

    @Override
    public void onStart(long startStep, long totalSteps) {
        t0 = System.nanoTime();
        try {
            truncateAfter(jsonl, startStep, false);
            truncateAfter(csv, startStep, true);
            if (Files.isRegularFile(csv)) {
                String header = Files.readAllLines(csv, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                if (!header.isEmpty()) columns = List.of(header.split(",")).subList(1, header.split(",").length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void truncateAfter(Path file, long step, boolean header) throws IOException {
        if (!Files.isRegularFile(file)) return;
        List<String> keep = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (header && i == 0) {
                keep.add(l);
                continue;
            }
            long s = header ? Long.parseLong(l.substring(0, l.indexOf(','))) : Config.JSON.readTree(l).path("step").asLong();
            if (s <= step) keep.add(l);
        }
        Files.write(file, keep, StandardCharsets.UTF_8);
    }

    @Override
    public void onStep(long completed, Map<String, Double> metrics) {
        if (completed % every != 0) return;
        try {
            ObjectNode o = Config.object();
            o.put("step", completed);
            metrics.forEach(o::put);
            o.put("wall_s", (System.nanoTime() - t0) / 1e9);
            append(jsonl, Config.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(o));
            if (columns == null) {
                columns = new ArrayList<>(metrics.keySet());
                append(csv, "step," + String.join(",", columns));
            }
            StringBuilder sb = new StringBuilder().append(completed);
            for (String c : columns) {
                sb.append(',');
                Double v = metrics.get(c);
                if (v != null) sb.append(v);
            }
            append(csv, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String line) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            w.write(line);
            w.newLine();
        }
    }
}
