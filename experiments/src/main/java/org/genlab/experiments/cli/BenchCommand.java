package org.genlab.experiments.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.UsageException;
import org.genlab.common.backend.Backend;
import org.genlab.common.config.Config;
import org.genlab.common.viz.LinePlot;
import org.genlab.experiments.bench.Bench;
import org.genlab.experiments.bench.GemmWorkload;
import org.genlab.experiments.bench.LayerWorkload;
import org.genlab.experiments.bench.MemoryRun;
import org.genlab.experiments.bench.MlpAdamWorkload;
import org.genlab.experiments.bench.OpProfile;
import org.genlab.experiments.bench.PfOdeRk45Workload;
import org.genlab.experiments.bench.UNetStepWorkload;
import org.genlab.experiments.bench.VaeStepWorkload;
import org.genlab.experiments.bench.WganGpCriticWorkload;
import org.genlab.experiments.bench.Workload;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
        return List.of(MlpAdamWorkload::new, VaeStepWorkload::new, UNetStepWorkload::plain, UNetStepWorkload::deep,
                WganGpCriticWorkload::new, PfOdeRk45Workload::new, LayerWorkload::groupNormSilu, LayerWorkload::conv3x3,
                () -> new GemmWorkload(256), () -> new GemmWorkload(512),
                () -> new GemmWorkload(1024), () -> new GemmWorkload(2048));
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
        return "[--workload NAME,...] [--runs N] [--warmup N] [--warmup-seconds S] [--json FILE] | --memory-steps N [--every K] [--gc-every K] [--csv F] [--png F]";
    }

    @Override
    public Options options(String[] args) {
        Options o = new Options();
        o.addOption(Opts.value("workload", "LIST", "comma-separated workloads (default: all; --list shows them)"));
        o.addOption(Opts.flag("list", "list the workloads"));
        o.addOption(Opts.value("runs", "N", "timed runs per workload (default 30)"));
        o.addOption(Opts.value("warmup", "N", "untimed warm-up runs (default 5)"));
        o.addOption(Opts.value("warmup-seconds", "S", "keep warming up until S seconds have passed (default 10; the JIT "
                + "needs seconds of steps to reach the speed a training run sees)"));
        o.addOption(Opts.value("json", "FILE", "also write the results as JSON"));
        o.addOption(Opts.flag("profile", "instead of timing: count and time the SameDiff ops of each workload"));
        o.addOption(Opts.value("memory-steps", "N", "instead of timing: run the (one) workload N steps, sampling RSS"));
        o.addOption(Opts.value("every", "K", "with --memory-steps: sample every K steps (default 100)"));
        o.addOption(Opts.value("csv", "FILE", "with --memory-steps: write step,seconds,rss_mb,offheap_mb"));
        o.addOption(Opts.value("gc-every", "K", "with --memory-steps: a full System.gc() every K steps (tells dead buffers from a leak)"));
        o.addOption(Opts.value("png", "FILE", "with --memory-steps: plot RSS and off-heap MiB against the step"));
        o.addOption(Opts.help());
        return o;
    }

    @Override
    public int run(CommandLine cl, Console console) {
        List<Workload> all = new ArrayList<>();
        for (Supplier<Workload> s : workloads()) all.add(s.get());
        if (cl.hasOption("list")) {
            for (Workload w : all) console.out().printf("  %-20s %s%n", w.name(), w.description());
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
        if (cl.hasOption("memory-steps")) return memoryRun(cl, chosen, console);
        int runs = Opts.positiveInt(cl, "runs", 30), warmup = Opts.intValue(cl, "warmup", 5);
        double warmupSeconds = Opts.nonNegativeDouble(cl, "warmup-seconds", 10);
        if (cl.hasOption("profile")) {
            for (Workload w : chosen) OpProfile.profile(w, warmup, runs, console.out());
            return 0;
        }
        console.out().printf("genlab bench: OMP_NUM_THREADS=%s OPENBLAS_CORETYPE=%s, %d warm-up runs (at least %.0f s) + %d timed runs%n",
                System.getenv("OMP_NUM_THREADS"), System.getenv("OPENBLAS_CORETYPE"), warmup, warmupSeconds, runs);
        console.out().printf("%-20s %10s %10s %10s %10s %9s %9s %9s  %s%n", "workload", "median ms", "p10 ms", "p90 ms",
                "min ms", "peak RSS", "heap", "native", "extras");
        ObjectNode json = Config.object();
        json.put("threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        json.put("cpu", Backend.report().get("cpu"));
        ArrayNode arr = json.putArray("results");
        for (Workload w : chosen) {
            Bench.Result r = Bench.measure(w, warmup, warmupSeconds, runs);
            console.out().printf("%-20s %10.2f %10.2f %10.2f %10.2f %5d MiB %5d MiB %5d MiB  %s%n", r.name(), r.medianMs(),
                    r.p10Ms(), r.p90Ms(), r.minMs(), r.peakRssMb(), r.heapMb(), r.rssMb() - r.heapMb(),
                    r.extras().isEmpty() ? "" : r.extras());
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

    private int memoryRun(CommandLine cl, List<Workload> chosen, Console console) {
        if (chosen.size() != 1) throw new UsageException("--memory-steps runs one workload: pass --workload NAME");
        long steps = Opts.longValue(cl, "memory-steps", 10_000);
        long every = Opts.longValue(cl, "every", 100);
        long gcEvery = Opts.longValue(cl, "gc-every", 0);
        if (steps < 1 || every < 1 || gcEvery < 0) throw new UsageException("--memory-steps and --every must be positive, --gc-every >= 0");
        Workload w = chosen.get(0);
        console.out().printf("genlab bench: %s for %d steps, RSS every %d; OMP_NUM_THREADS=%s MALLOC_ARENA_MAX=%s "
                        + "JavaCPP maxBytes=%d maxPhysicalBytes=%d (0: unchecked) gc-every=%d%n", w.name(), steps, every,
                System.getenv("OMP_NUM_THREADS"), System.getenv("MALLOC_ARENA_MAX"),
                org.bytedeco.javacpp.Pointer.maxBytes(), org.bytedeco.javacpp.Pointer.maxPhysicalBytes(), gcEvery);
        List<MemoryRun.Sample> samples = MemoryRun.run(w, steps, every, gcEvery);
        long peak = 0;
        for (MemoryRun.Sample s : samples) peak = Math.max(peak, s.rssMb());
        MemoryRun.Sample last = samples.get(samples.size() - 1);
        console.out().printf("steps %d in %.1f s; RSS first %d MiB, peak %d MiB, last %d MiB; ND4J buffers last %d MiB%n",
                last.step(), last.seconds(), samples.get(0).rssMb(), peak, last.rssMb(), last.nd4jHostMb());
        if (cl.hasOption("csv")) {
            Path csv = Path.of(cl.getOptionValue("csv"));
            try (PrintWriter pw = new PrintWriter(Files.newBufferedWriter(csv))) {
                pw.println("step,seconds,rss_mb,javacpp_mb,nd4j_host_mb");
                for (MemoryRun.Sample s : samples) {
                    pw.printf("%d,%.3f,%d,%d,%d%n", s.step(), s.seconds(), s.rssMb(), s.offHeapMb(), s.nd4jHostMb());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (cl.hasOption("png")) {
            double[] x = new double[samples.size()], rss = new double[samples.size()], off = new double[samples.size()],
                    nd = new double[samples.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = samples.get(i).step();
                rss[i] = samples.get(i).rssMb();
                off[i] = samples.get(i).offHeapMb();
                nd[i] = samples.get(i).nd4jHostMb();
            }
            LinePlot.create().title(w.name() + ": resident memory over " + steps + " steps").xAxis("step").yAxis("MiB")
                    .series("RSS", x, rss).series("JavaCPP totalBytes", x, off).series("ND4J host buffers", x, nd)
                    .writePng(Path.of(cl.getOptionValue("png")));
        }
        return 0;
    }
}
