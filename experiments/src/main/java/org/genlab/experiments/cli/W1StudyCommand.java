package org.genlab.experiments.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.common.data.Datasets;
import org.genlab.common.data.ImageSet;
import org.genlab.common.random.Rng;
import org.genlab.gan.metrics.BlurW1Study;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code genlab w1-study}: Stanczuk et al.'s minibatch W₁ test as summarised by Su (MATH.md §5.5): exact W₁ between
 * two real batches versus a real batch and blurry stand-ins (its mean image, its k-means centres, the data's mean
 * image, data-level k-means centres), mean ± sd over trials.
 */
public final class W1StudyCommand implements Command {
    @Override
    public String name() {
        return "w1-study";
    }

    @Override
    public String summary() {
        return "exact minibatch W1: two real batches vs a real batch and blurry means / k-means centres";
    }

    @Override
    public String usage() {
        return "--data mnist|fashion-mnist|digits [--batch 64] [--k 10] [--trials 20] [--pool 2000] [--split test|train] "
                + "[--seed S] [--out FILE.json]";
    }

    @Override
    public String footer() {
        return "\nExample:\n  genlab w1-study --data mnist --batch 64 --k 10 --trials 20\n"
                + "Su's reading of Stanczuk et al.: a real batch is closer in W1 to its blurry mean than to another real batch, "
                + "so a critic that estimated batch W1 accurately would reward blur.";
    }

    @Override
    public Options options(String[] args) {
        Options o = new Options();
        o.addOption(Opts.value("data", "NAME", "image dataset: mnist, fashion-mnist or digits"));
        o.addOption(Opts.value("batch", "N", "batch size n (default 64)"));
        o.addOption(Opts.value("k", "K", "k-means centres (default 10)"));
        o.addOption(Opts.value("trials", "T", "independent batch pairs (default 20)"));
        o.addOption(Opts.value("pool", "M", "images for the data-level mean and k-means (default 2000)"));
        o.addOption(Opts.value("split", "test|train", "which split to draw from (default test)"));
        o.addOption(Opts.value("seed", "S", "seed (default 0)"));
        o.addOption(Opts.value("out", "FILE", "also write the results as JSON"));
        o.addOption(Opts.value("data-dir", "DIR", "where datasets are installed"));
        o.addOption(Opts.flag("help", "show this help"));
        return o;
    }

    @Override
    public int run(CommandLine cl, Console console) {
        String data = Opts.required(cl, "data", "(mnist, fashion-mnist or digits)");
        if (Datasets.info(data).kind() != Datasets.Kind.IMAGES) {
            throw new UsageException("w1-study needs an image dataset (mnist, fashion-mnist, digits), got '" + data + "'");
        }
        String split = cl.getOptionValue("split", "test");
        if (!split.equals("test") && !split.equals("train")) {
            throw new UsageException("--split must be test or train, got '" + split + "'");
        }
        BlurW1Study.Options o = new BlurW1Study.Options(Opts.positiveInt(cl, "batch", 64), Opts.positiveInt(cl, "k", 10),
                Opts.positiveInt(cl, "trials", 20), Opts.positiveInt(cl, "pool", 2000));
        var ds = Datasets.images(data, RunSupport.dataPaths(cl.getOptionValue("data-dir")));
        ImageSet set = split.equals("test") ? ds.test() : ds.train();
        long t0 = System.nanoTime();
        BlurW1Study.Result r = BlurW1Study.run(set.size(), i -> toDouble(set.image(i)), o, new Rng(Opts.longValue(cl, "seed", 0)));
        double sec = (System.nanoTime() - t0) / 1e9;
        console.out().printf("exact minibatch W1 on %s (%s split), n = %d, k = %d, %d trials, pixels in [0, 1], Euclidean cost:%n",
                data, split, o.batch(), o.k(), o.trials());
        row(console, "W(B1, B2)            two real batches", r.realVsReal());
        row(console, "W(B1, mean(B1) x n)  the batch's mean image", r.batchMean());
        row(console, "W(B1, kmeans(B1))    each image -> its centre", r.batchKMeans());
        row(console, "W(B1, data mean x n) mean image of the pool", r.dataMean());
        row(console, "W(B1, data k-means)  pool centres by frequency", r.dataKMeans());
        console.out().printf("blurry mean closer than a second real batch: %s (%.1f s)%n",
                r.batchMean().mean() < r.realVsReal().mean() ? "yes" : "no", sec);
        if (cl.hasOption("out")) write(Path.of(cl.getOptionValue("out")), data, split, r, console);
        return 0;
    }

    private static void row(Console c, String label, BlurW1Study.Stat s) {
        c.out().printf("  %-48s %s%n", label, s);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private static void write(Path file, String data, String split, BlurW1Study.Result r, Console console) {
        ObjectNode o = Config.object();
        o.put("data", data);
        o.put("split", split);
        o.put("batch", r.options().batch());
        o.put("k", r.options().k());
        o.put("trials", r.options().trials());
        o.put("pool", r.options().pool());
        put(o, "real_vs_real", r.realVsReal());
        put(o, "batch_mean", r.batchMean());
        put(o, "batch_kmeans", r.batchKMeans());
        put(o, "data_mean", r.dataMean());
        put(o, "data_kmeans", r.dataKMeans());
        try {
            if (file.toAbsolutePath().getParent() != null) java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            Config.JSON.writeValue(file.toFile(), o);
        } catch (IOException e) {
            throw new UsageException("cannot write " + file + ": " + e.getMessage(), e);
        }
        console.out().println("saved " + file);
    }

    private static void put(ObjectNode o, String key, BlurW1Study.Stat s) {
        ObjectNode n = o.putObject(key);
        n.put("mean", s.mean());
        n.put("sd", s.sd());
    }
}
