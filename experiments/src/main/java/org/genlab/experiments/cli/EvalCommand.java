package org.genlab.experiments.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.config.Config;
import org.genlab.common.model.EvalRequest;
import org.genlab.common.model.ModelRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code genlab eval}: the model's metrics on held-out data, printed as a table and saved as JSON in the run. */
public final class EvalCommand implements Command {
    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "evaluate a checkpoint on held-out data (bits/dim, NLL, ELBO, KL, MI, AU, W1, ...)";
    }

    @Override
    public String usage() {
        return "--checkpoint DIR [--metric a,b] [--limit N] [--seed S] [--opt KEY=VALUE ...]";
    }

    @Override
    public Options options(String[] args) {
        Options o = Opts.base();
        o.addOption(Opts.checkpoint());
        o.addOption(Opts.value("metric", "LIST", "comma-separated metrics (default: the model's standard set)"));
        o.addOption(Opts.value("limit", "N", "evaluate at most N test examples (default: all)"));
        o.addOption(Opts.value("seed", "S", "seed for stochastic estimators (default 0)"));
        o.addOption(Opts.repeated("opt", "KEY=VALUE", "estimator option, e.g. --opt samples=500"));
        return o;
    }

    @Override
    public int run(CommandLine cl, Console console) {
        ModelRegistry reg = new ModelRegistry();
        Path given = Path.of(Opts.required(cl, "checkpoint", "DIR (a run directory or a checkpoint)"));
        RunSupport.Loaded l = RunSupport.load(given, reg, RunSupport.dataPaths(cl.getOptionValue("data-dir")), console);
        List<String> metrics = cl.hasOption("metric")
                ? Arrays.stream(cl.getOptionValue("metric").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.of();
        EvalRequest req = new EvalRequest(metrics, Opts.intValue(cl, "limit", Integer.MAX_VALUE),
                Opts.pairs(cl, "opt"), Opts.longValue(cl, "seed", 0));
        long t0 = System.nanoTime();
        Map<String, Double> res = l.model().evaluate(req);
        double sec = (System.nanoTime() - t0) / 1e9;
        console.out().printf("%s at step %d (%s):%n", l.factory().name(), l.step(), l.checkpoint());
        res.forEach((k, v) -> console.out().printf("  %-22s %s%n", k, String.format("%.6g", v)));
        ObjectNode o = Config.object();
        o.put("model", l.factory().name());
        o.put("checkpoint", l.checkpoint().toString());
        o.put("step", l.step());
        o.put("seconds", sec); // of this eval; "metrics" also keeps those of earlier evals of the checkpoint
        ObjectNode r = o.putObject("metrics");
        Path file = l.runDir().resolve("eval-step" + l.step() + ".json");
        try {
            // Metrics of earlier evals of this checkpoint stay: an fid eval must not erase a bpd eval's result.
            if (Files.isRegularFile(file) && Config.JSON.readTree(file.toFile()).get("metrics") instanceof ObjectNode earlier) {
                r.setAll(earlier);
            }
            res.forEach(r::put);
            Config.writeAtomically(file, o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        console.out().printf("saved %s (%.1f s)%n", file, sec);
        return 0;
    }
}
