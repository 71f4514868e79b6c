package org.genlab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Datasets;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.ModelRegistry;
import org.genlab.experiments.reproduce.Reproduction;
import org.genlab.experiments.reproduce.ReproductionRegistry;

/** {@code genlab list}: models (with their data and samplers), datasets (installed or not), reproductions. */
public final class ListCommand implements Command {
    @Override
    public String name() {
        return "list";
    }

    @Override
    public String summary() {
        return "list models, samplers, datasets and reproductions";
    }

    @Override
    public String usage() {
        return "[--data-dir DIR]";
    }

    @Override
    public Options options(String[] args) {
        return Opts.base();
    }

    @Override
    public int run(CommandLine cl, Console console) {
        var out = console.out();
        out.println("models:");
        var models = new ModelRegistry().all();
        if (models.isEmpty()) out.println("  (none registered in this build)");
        for (ModelFactory f : models) {
            out.printf("  %-16s %-9s %s%n", f.name(), f.family(), f.summary());
            out.printf("  %-16s %-9s data: %s%n", "", "", String.join(", ", f.datasets()));
            if (!f.samplers().isEmpty()) out.printf("  %-16s %-9s samplers: %s%n", "", "", String.join(", ", f.samplers()));
        }
        DataPaths paths = RunSupport.dataPaths(cl.getOptionValue("data-dir"));
        out.println();
        out.println("datasets (" + paths.root() + "):");
        for (Datasets.Info d : Datasets.all()) {
            String state = !d.needsInstall() ? "built in"
                    : Datasets.isInstalled(d.name(), paths) ? "installed" : "not installed: genlab data install " + d.name();
            out.printf("  %-16s %-45s [%s]%n", d.name(), d.description(), state);
        }
        out.println();
        out.println("reproductions:");
        var reps = new ReproductionRegistry().all();
        if (reps.isEmpty()) out.println("  (none registered in this build)");
        for (Reproduction r : reps) out.printf("  %-16s %s%n", r.name(), r.summary());
        return 0;
    }
}
