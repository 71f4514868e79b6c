package org.genlab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.UsageException;
import org.genlab.common.model.ModelRegistry;
import org.genlab.experiments.sweep.CellExecutor;
import org.genlab.experiments.sweep.CellRunner;
import org.genlab.experiments.sweep.LocalCellRunner;
import org.genlab.experiments.sweep.SparkCellRunner;
import org.genlab.experiments.sweep.SweepReport;
import org.genlab.experiments.sweep.SweepSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code genlab sweep}: a base config × a grid of overrides × seeds, each cell trained and evaluated, one report. */
public final class SweepCommand implements Command {
    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public String summary() {
        return "train and evaluate a grid of configs × seeds (in-process or on Spark) into one report";
    }

    @Override
    public String usage() {
        return "--config SWEEP.json [--spark MASTER] [--out DIR]";
    }

    @Override
    public String footer() {
        return "\nSWEEP.json: {\"name\": \"lr\", \"base\": {\"model\": \"wgan-gp\", \"data\": \"toy:8gaussians\", \"steps\": 500},\n"
                + "  \"grid\": {\"train.lr\": [1e-4, 3e-4]}, \"seeds\": 3, \"eval\": {\"options\": {\"batches\": \"4\"}}}\n"
                + "base takes what 'genlab train --config' takes plus dotted keys; grid keys are dotted config keys (as --set).\n"
                + "--spark local[2] runs two cells at once in this JVM; a cluster URL needs docs/spark.md.";
    }

    @Override
    public Options options(String[] args) {
        Options o = new Options();
        o.addOption(Opts.value("config", "FILE", "the sweep file (JSON: name, base, grid, seeds, eval)"));
        o.addOption(Opts.value("spark", "MASTER", "run the cells as Spark tasks: local[2], local[*], spark://host:7077, ..."));
        o.addOption(Opts.value("out", "DIR", "output directory (default runs/sweep-NAME-TIMESTAMP)"));
        o.addOption(Opts.dataDir());
        o.addOption(Opts.help());
        return o;
    }

    @Override
    public int run(CommandLine cl, Console console) throws Exception {
        Path file = Opts.existingFile(cl, "config");
        if (file == null) throw new UsageException("missing --config SWEEP.json (see 'genlab sweep --help' for its format)");
        SweepSpec spec = SweepSpec.read(file);
        ModelRegistry registry = new ModelRegistry();
        List<SweepSpec.Cell> cells = spec.cells(registry);
        for (SweepSpec.Cell c : cells) {
            try {
                RunSupport.checkData(registry.get(c.config().getString("model")), c.config().getString("data"));
            } catch (UsageException e) {
                throw new UsageException("sweep file " + file + ": " + e.getMessage());
            }
        }
        CellRunner runner = cl.hasOption("spark") ? new SparkCellRunner(cl.getOptionValue("spark")) : new LocalCellRunner();
        Path out = Path.of(cl.getOptionValue("out", "runs/sweep-" + spec.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        if (Files.isDirectory(out.resolve("cell-000"))) {
            throw new UsageException("--out " + out + " already holds a sweep; choose a new directory");
        }
        Files.createDirectories(out);
        console.out().printf("%d cells (%d configurations × %d seeds), %s; output %s%n", cells.size(),
                cells.size() / spec.seeds().size(), spec.seeds().size(), runner.describe(), out);
        long t0 = System.nanoTime();
        List<String> results = runner.run(CellExecutor.SWEEP, cells.stream().map(SweepSpec.Cell::json).toList(), out,
                RunSupport.dataPaths(cl.getOptionValue("data-dir")));
        double wall = (System.nanoTime() - t0) / 1e9;
        Path report = SweepReport.write(spec, cells, results, runner.describe(), wall, out);
        console.out().printf("%d cells in %.1f s; report: %s%n", cells.size(), wall, report);
        return 0;
    }
}
