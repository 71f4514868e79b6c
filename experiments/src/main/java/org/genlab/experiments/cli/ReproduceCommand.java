package org.genlab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.UsageException;
import org.genlab.experiments.reproduce.Reproduction;
import org.genlab.experiments.reproduce.ReproductionOptions;
import org.genlab.experiments.reproduce.ReproductionRegistry;
import org.genlab.experiments.sweep.CellRunner;
import org.genlab.experiments.sweep.LocalCellRunner;
import org.genlab.experiments.sweep.SparkCellRunner;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code genlab reproduce NAME}: a paper ablation end to end, with a report. */
public final class ReproduceCommand implements Command {
    @Override
    public String name() {
        return "reproduce";
    }

    @Override
    public String summary() {
        return "reproduce a paper ablation and write a report (--list shows them)";
    }

    @Override
    public String usage() {
        return "NAME [--quick|--full] [--seeds K] [--out DIR] [--spark MASTER] | --list";
    }

    @Override
    public boolean takesArguments() {
        return true;
    }

    @Override
    public Options options(String[] args) {
        Options o = new Options();
        o.addOption(Opts.flag("list", "list the reproductions with their budgets"));
        o.addOption(Opts.flag("quick", "minutes on 2 cores (default)"));
        o.addOption(Opts.flag("full", "the faithful budget (hours)"));
        o.addOption(Opts.value("seeds", "K", "number of seeds (default 1)"));
        o.addOption(Opts.value("out", "DIR", "output directory (default runs/reproduce-NAME-TIMESTAMP)"));
        o.addOption(Opts.value("spark", "MASTER", "run the independent cells as Spark tasks: local[2], local[*], spark://host:7077 (docs/spark.md)"));
        o.addOption(Opts.dataDir());
        o.addOption(Opts.help());
        return o;
    }

    @Override
    public int run(CommandLine cl, Console console) throws Exception {
        ReproductionRegistry reg = new ReproductionRegistry();
        List<String> args = cl.getArgList();
        if (cl.hasOption("list")) {
            if (reg.all().isEmpty()) console.out().println("no reproductions are registered in this build");
            for (Reproduction r : reg.all()) {
                console.out().printf("  %-14s %s  [--quick %s, --full %s]%n", r.name(), r.summary(), r.quickBudget(), r.fullBudget());
            }
            return 0;
        }
        if (args.size() != 1) throw new UsageException("name one reproduction (genlab reproduce --list shows them)");
        if (cl.hasOption("quick") && cl.hasOption("full")) throw new UsageException("choose --quick or --full, not both");
        Reproduction r = reg.get(args.get(0));
        CellRunner runner = cl.hasOption("spark") ? new SparkCellRunner(cl.getOptionValue("spark")) : new LocalCellRunner();
        int seeds = Opts.positiveInt(cl, "seeds", 1);
        Path out = Path.of(cl.getOptionValue("out", "runs/reproduce-" + r.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Path report = r.run(new ReproductionOptions(cl.hasOption("full"), seeds, out,
                RunSupport.dataPaths(cl.getOptionValue("data-dir")), console.out(), runner));
        console.out().println("report: " + report);
        return 0;
    }
}
