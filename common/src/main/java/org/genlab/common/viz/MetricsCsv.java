package org.genlab.common.viz;

import org.genlab.common.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A genlab metrics CSV: header {@code step,metric1,metric2,...}, one row per logged step, empty cells for metrics
 * not logged at that step. Rows may stop early (trailing metrics missing), which also tolerates a last line cut
 * short by an interrupted run; a row with too many cells or a cell that is not a number is an error.
 */
public final class MetricsCsv {
    private final List<String> header;
    /** rows[r][c]: NaN where the cell is empty. */
    private final List<double[]> rows;

    private MetricsCsv(List<String> header, List<double[]> rows) {
        this.header = header;
        this.rows = rows;
    }

    public static MetricsCsv read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read metrics file " + file + " (" + e.getMessage()
                    + "); check the run folder", e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new UsageException("metrics file " + file + " is empty; expected a header 'step,metric1,...'");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::trim).toList();
        if (!header.get(0).equals("step") || header.size() < 2) {
            throw new UsageException("metrics file " + file + " must start with a header 'step,metric1,...', got '"
                    + lines.get(0) + "'");
        }
        for (String h : header) {
            if (h.isEmpty()) throw new UsageException("metrics file " + file + " has an empty column name in its header");
        }
        List<double[]> rows = new ArrayList<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) continue;
            String[] cells = line.split(",", -1);
            if (cells.length > header.size()) {
                throw new UsageException("metrics file " + file + " line " + (ln + 1) + " has " + cells.length
                        + " cells but the header has " + header.size());
            }
            double[] row = new double[header.size()];
            Arrays.fill(row, Double.NaN);
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].trim();
                if (cell.isEmpty()) continue;
                try {
                    row[c] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new UsageException("metrics file " + file + " line " + (ln + 1) + ", column '"
                            + header.get(c) + "': '" + cell + "' is not a number");
                }
            }
            if (Double.isNaN(row[0])) {
                throw new UsageException("metrics file " + file + " line " + (ln + 1) + " has no step value");
            }
            rows.add(row);
        }
        return new MetricsCsv(header, rows);
    }

    /** Metric column names (header without "step"). */
    public List<String> metrics() {
        return header.subList(1, header.size());
    }

    /** {steps, values} of one metric over the rows where it is present (an explicit "NaN" counts as absent). */
    public double[][] series(String metric) {
        int c = header.indexOf(metric);
        if (c < 1) {
            throw new UsageException("metrics file has no column '" + metric + "'; available: " + metrics());
        }
        List<double[]> present = new ArrayList<>();
        for (double[] row : rows) {
            if (!Double.isNaN(row[c])) present.add(new double[] {row[0], row[c]});
        }
        double[][] out = new double[2][present.size()];
        for (int i = 0; i < present.size(); i++) {
            out[0][i] = present.get(i)[0];
            out[1][i] = present.get(i)[1];
        }
        return out;
    }
}
