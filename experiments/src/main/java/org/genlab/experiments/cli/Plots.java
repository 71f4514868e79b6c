package org.genlab.experiments.cli;

import org.genlab.common.viz.LinePlot;
import org.genlab.common.viz.MetricsCsv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The pictures every run gets at the end: one curve per metric, and plots/metrics.png for the loss. */
final class Plots {
    private Plots() {
    }

    static void metrics(Path runDir, Console console) {
        Path csv = runDir.resolve("metrics.csv");
        if (!Files.isRegularFile(csv)) return;
        MetricsCsv table = MetricsCsv.read(csv);
        Path dir = runDir.resolve("plots");
        for (String m : table.metrics()) {
            double[][] xy = table.series(m);
            if (xy[0].length < 2) continue;
            boolean positive = true;
            for (double v : xy[1]) positive &= v > 0;
            // Losses and norms span decades: log-y when the whole curve is positive.
            LinePlot p = LinePlot.fromMetricsCsv(csv, List.of(m)).title(m + " (" + runDir.getFileName() + ")")
                    .xAxis("step").logY(positive && !m.equals("lr"));
            p.writePng(dir.resolve(m + ".png"));
            if (m.equals(table.metrics().get(0))) p.writePng(dir.resolve("metrics.png"));
        }
    }
}
