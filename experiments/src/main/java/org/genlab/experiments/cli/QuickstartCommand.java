package org.genlab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.ModelRegistry;
import org.genlab.common.model.SampleRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code genlab quickstart}: the main job on an embedded default, with no download: trains the model named in
 * {@code quickstart.json} on a 2-D toy distribution for a minute or two, then writes samples and plots.
 */
public final class QuickstartCommand implements Command {
    @Override
    public String name() {
        return "quickstart";
    }

    @Override
    public String summary() {
        return "train a small model on a 2-D toy distribution (1-2 min) and write samples and plots";
    }

    @Override
    public String usage() {
        return "[--out DIR] [--steps N]";
    }

    @Override
    public Options options(String[] args) {
        Options o = new Options();
        o.addOption(Opts.value("out", "DIR", "run directory (default runs/quickstart-TIMESTAMP)"));
        o.addOption(Opts.value("steps", "N", "training steps (default from quickstart.json)"));
        o.addOption(Opts.help());
        return o;
    }

    static Config preset(ModelRegistry reg) {
        try (InputStream in = QuickstartCommand.class.getResourceAsStream("/quickstart.json")) {
            if (in == null) throw new IllegalStateException("quickstart.json missing from the build");
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) Config.JSON.readTree(in);
            ModelFactory f = reg.get(json.path("model").asText());
            return Config.of(f.defaults()).merge(json, "quickstart.json");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int run(CommandLine cl, Console console) {
        ModelRegistry reg = new ModelRegistry();
        Config cfg;
        try {
            cfg = preset(reg);
        } catch (UsageException e) {
            throw new UsageException("quickstart needs a model this build does not register: " + e.getMessage());
        }
        if (cl.hasOption("steps")) cfg.set("steps", cl.getOptionValue("steps"));
        ModelFactory f = reg.get(cfg.getString("model"));
        Path runDir = RunSupport.newRunDir(cl.getOptionValue("out", "runs/quickstart-"
                + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))), f.name(), cfg.getString("data"));
        cfg.save(runDir.resolve(RunSupport.CONFIG));
        console.out().printf("quickstart: %s on %s for %d steps in %s%n", f.name(), cfg.getString("data"), cfg.getLong("steps"), runDir);
        TrainingRun.Result r = TrainingRun.run(f, cfg, runDir, null, null, RunSupport.dataPaths(null), console, true);
        if (r.interrupted()) {
            console.out().printf("interrupted; continue with: genlab train --resume %s%n", runDir);
            return 130;
        }
        Path png = runDir.resolve("samples.png");
        String sampler = f.samplers().isEmpty() ? "default" : f.samplers().get(0);
        Map<String, Double> m = r.model().sample(new SampleRequest(2000, sampler, Map.of(), 0), png);
        console.out().printf("samples: %s (sampler %s%s)%n", png, sampler, SampleCommand.fmt(m));
        console.out().printf("curves:  %s%n", runDir.resolve("plots").resolve("metrics.png"));
        console.out().printf("next:    genlab sample --checkpoint %s --sampler ode --out ode.png%n", runDir);
        return 0;
    }
}
