package org.genlab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.UsageException;
import org.genlab.common.checkpoint.CheckpointStore;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.ModelRegistry;
import org.genlab.common.model.SampleRequest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code genlab sample}: draws samples from a checkpoint into a PNG grid, a scatter plot or a text file. */
public final class SampleCommand implements Command {
    @Override
    public String name() {
        return "sample";
    }

    @Override
    public String summary() {
        return "draw samples from a checkpoint (PNG grid, scatter plot or sentences)";
    }

    @Override
    public String usage() {
        return "--checkpoint DIR [--n N] [--sampler NAME] [--steps N] [--out FILE] [--seed S] [model options]";
    }

    @Override
    public Options options(String[] args) {
        Options o = Opts.base();
        o.addOption(Opts.checkpoint());
        o.addOption(Opts.value("n", "N", "number of samples (default 64)"));
        o.addOption(Opts.value("sampler", "NAME", "sampler (the model's list in 'genlab list')"));
        o.addOption(Opts.value("steps", "N", "sampler steps, where the sampler has steps"));
        o.addOption(Opts.value("out", "FILE", "output file (default RUN/samples/SAMPLER-stepN.png)"));
        o.addOption(Opts.value("seed", "S", "sampling seed (default 0)"));
        o.addOption(Opts.repeated("opt", "KEY=VALUE", "sampler option, e.g. --opt snr=0.16"));
        String ck = RunSupport.peek(args, "checkpoint");
        if (ck != null) {
            try {
                ModelRegistry reg = new ModelRegistry();
                Path run = CheckpointStore.runDirOf(CheckpointStore.resolve(Path.of(ck)));
                ModelFactory f = reg.get(RunSupport.savedConfig(run, reg).getString("model"));
                for (Map.Entry<String, String> e : f.sampleOptions().entrySet()) {
                    if (!o.hasLongOption(e.getKey())) o.addOption(Opts.value(e.getKey(), "VALUE", e.getValue()));
                }
            } catch (UsageException ignored) {
                // reported when the command runs
            }
        }
        return o;
    }

    @Override
    public int run(CommandLine cl, Console console) {
        ModelRegistry reg = new ModelRegistry();
        Path given = Path.of(Opts.required(cl, "checkpoint", "DIR (a run directory or a checkpoint)"));
        RunSupport.Loaded l = RunSupport.load(given, reg, RunSupport.dataPaths(cl.getOptionValue("data-dir")), console);
        String sampler = cl.getOptionValue("sampler", l.factory().samplers().isEmpty() ? "default" : l.factory().samplers().get(0));
        if (!l.factory().samplers().isEmpty() && !l.factory().samplers().contains(sampler)) {
            throw new UsageException("model " + l.factory().name() + " has no sampler '" + sampler + "'; choose one of "
                    + String.join(", ", l.factory().samplers()));
        }
        Map<String, String> opts = new LinkedHashMap<>(Opts.pairs(cl, "opt"));
        if (cl.hasOption("steps")) opts.put("steps", String.valueOf(Opts.positiveInt(cl, "steps", 1)));
        for (String k : l.factory().sampleOptions().keySet()) if (cl.hasOption(k)) opts.put(k, cl.getOptionValue(k));
        int n = Opts.positiveInt(cl, "n", 64);
        long seed = Opts.longValue(cl, "seed", 0);
        String ext = l.factory().sampleExtension(l.config());
        Path out = cl.hasOption("out") ? withExtension(Path.of(cl.getOptionValue("out")), ext)
                : l.runDir().resolve("samples").resolve(sampler + "-step" + l.step() + "." + ext);
        Map<String, Double> m = l.model().sample(new SampleRequest(n, sampler, opts, seed), out);
        console.out().printf("wrote %s  (%d samples, sampler %s, checkpoint step %d%s)%n", out, n, sampler, l.step(), fmt(m));
        return 0;
    }

    /** Sentences go to a .txt file even when --out names a .png (and vice versa), so say where they really went. */
    static Path withExtension(Path p, String ext) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return p.resolveSibling(base + "." + ext);
    }

    static String fmt(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(", ").append(k).append(' ').append(v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.valueOf(v.longValue()) : String.format("%.4g", v)));
        return sb.toString();
    }

}
