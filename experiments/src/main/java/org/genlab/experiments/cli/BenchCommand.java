package org.genlab.experiments.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.UsageException;
import org.genlab.common.backend.Backend;
import org.genlab.common.config.Config;
import org.genlab.experiments.bench.Bench;
import org.genlab.experiments.bench.MlpAdamWorkload;
import org.genlab.experiments.bench.Workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code genlab bench}: times the standard workloads (median and spread per step, peak RSS, off-heap). Run
 * {@code bench/compare.sh} to time the PyTorch peer in the same invocation and print genlab/PyTorch ratios.
 */
public final class BenchCommand implements Command {
    static List<Supplier<Workload>> workloads() {
        return List.of(MlpAdamWorkload::new);
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "time the standard training/sampling workloads (see bench/compare.sh for the PyTorch ratio)";
    }

    @Override
    public String usage() {
        return "[--workload NAME,...] [--runs N] [--warmup N] [--json FILE]";
    }

    @Override
    public Options options(String[] args) {
        Options o = new Options();
        o.addOption(Opts.value("workload", "LIST", "comma-separated workloads (default: all; --list shows them)"));
        o.addOption(Opts.flag("list", "list the workloads"));
        o.addOption(Opts.value("runs", "N", "timed runs per workload (default 30)"));
        o.addOption(Opts.value("warmup", "N", "untimed warm-up runs (default 5)"));
        o.addOption(Opts.value("json", "FILE", "also write the results as JSON"));
        o.addOption(Opts.help());
        return o;
    }

    @Override
    public int run(CommandLine cl, Console console) {
        List<Workload> all = new ArrayList<>();
        for (Supplier<Workload> s : workloads()) all.add(s.get());
        if (cl.hasOption("list")) {
            for (Workload w : all) console.out().printf("  %-14s %s%n", w.name(), w.description());
            return 0;
        }
        List<Workload> chosen = new ArrayList<>();
        if (cl.hasOption("workload")) {
            for (String n : cl.getOptionValue("workload").split(",")) {
                chosen.add(all.stream().filter(w -> w.name().equals(n.trim())).findFirst().orElseThrow(() ->
                        new UsageException("unknown workload '" + n.trim() + "'; available: "
                                + String.join(", ", all.stream().map(Workload::name).toList()))));
            }
        } else {
            chosen.addAll(all);
        }
        int runs = Opts.positiveInt(cl, "runs", 30), warmup = Opts.intValue(cl, "warmup", 5);
        console.out().printf("genlab bench: OMP_NUM_THREADS=%s OPENBLAS_CORETYPE=%s, %d warm-up + %d timed runs%n",
                System.getenv("OMP_NUM_THREADS"), System.getenv("OPENBLAS_CORETYPE"), warmup, runs);
        console.out().printf("%-14s %10s %10s %10s %10s %9s %9s%n", "workload", "median ms", "p10 ms", "p90 ms", "min ms", "peak RSS", "off-heap");
        ObjectNode json = Config.object();
        json.put("threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        json.put("cpu", Backend.report().get("cpu"));
        ArrayNode arr = json.putArray("results");
        for (Workload w : chosen) {
            Bench.Result r = Bench.measure(w, warmup, runs);
            console.out().printf("%-14s %10.2f %10.2f %10.2f %10.2f %7d MB %7d MB%n", r.name(), r.medianMs(), r.p10Ms(),
                    r.p90Ms(), r.minMs(), r.peakRssMb(), r.offHeapMb());
            arr.add(Config.JSON.valueToTree(r));
        }
        if (cl.hasOption("json")) {
            try {
                Config.JSON.writeValue(Path.of(cl.getOptionValue("json")).toFile(), json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return 0;
    }
}
