package org.genlab.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.model.SampleRequest;
import org.genlab.common.viz.MetricsCsv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generic cell of a model reproduction, as JSON: {@code label}, {@code seed}, {@code config} (overrides of the
 * model's defaults, including model and data), {@code eval} ({@code limit} and string options for the model's
 * evaluate()), {@code samples} (name → {@code {sampler, n, options}}) and {@code curves} (metric names from
 * metrics.csv to ship back). The result holds the evaluation metrics, timings, curves and base64 pictures, so a
 * cell can run anywhere (in-process or on a Spark executor).
 */
final class ModelCell {
    private ModelCell() {
    }

    static ObjectNode describe(String label, int seed, ObjectNode config, int evalLimit, Map<String, String> evalOptions) {
        ObjectNode c = Config.object();
        c.put("label", label);
        c.put("seed", seed);
        ObjectNode cfg = config.deepCopy();
        cfg.put("seed", seed);
        c.set("config", cfg);
        ObjectNode e = c.putObject("eval");
        e.put("limit", evalLimit);
        ObjectNode eo = e.putObject("options");
        evalOptions.forEach(eo::put);
        c.putObject("samples");
        c.putArray("curves");
        return c;
    }

    static void addSample(ObjectNode cell, String name, String sampler, int n, Map<String, String> options) {
        ObjectNode s = ((ObjectNode) cell.get("samples")).putObject(name);
        s.put("sampler", sampler);
        s.put("n", n);
        ObjectNode o = s.putObject("options");
        options.forEach(o::put);
    }

    static void addCurves(ObjectNode cell, String... metrics) {
        ArrayNode a = (ArrayNode) cell.get("curves");
        for (String m : metrics) a.add(m);
    }

    /** Trains, evaluates, samples; {@code extra} may add model-specific results to the open trained model. */
    /** A cell with no extra scores, JSON in and out (what Reproduction.runCell hands over). */
    static String runJson(String cell, Path dir, DataPaths data) throws Exception {
        return ReproSupport.json(run(ReproSupport.parse(cell), dir, data, null));
    }

    static ObjectNode run(ObjectNode cell, Path dir, DataPaths data, Extra extra) throws Exception {
        ObjectNode res = Config.object();
        res.put("label", cell.get("label").asText());
        res.put("seed", cell.get("seed").asInt());
        try (CellTraining.Trained t = CellTraining.train((ObjectNode) cell.get("config"), dir, data)) {
            res.put("train_seconds", t.seconds());
            long t0 = System.nanoTime();
            Map<String, String> opts = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = cell.path("eval").path("options").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                opts.put(e.getKey(), e.getValue().asText());
            }
            Map<String, Double> m = t.evaluate(cell.path("eval").path("limit").asInt(), opts, 12345L);
            ObjectNode mj = res.putObject("metrics");
            m.forEach(mj::put);
            if (extra != null) extra.add(t, cell, res);
            res.put("eval_seconds", (System.nanoTime() - t0) / 1e9);
            ObjectNode pics = res.putObject("pictures");
            Iterator<Map.Entry<String, JsonNode>> ss = cell.path("samples").fields();
            while (ss.hasNext()) {
                Map.Entry<String, JsonNode> e = ss.next();
                Map<String, String> so = new LinkedHashMap<>();
                e.getValue().path("options").fields().forEachRemaining(x -> so.put(x.getKey(), x.getValue().asText()));
                SampleRequest req = new SampleRequest(e.getValue().get("n").asInt(), e.getValue().get("sampler").asText(), so, 777L);
                pics.put(e.getKey(), t.sampleBase64(req, "sample-" + e.getKey() + ".png"));
            }
            ObjectNode curves = res.putObject("curves");
            Path csv = dir.resolve("metrics.csv");
            if (Files.isRegularFile(csv) && cell.path("curves").size() > 0) {
                MetricsCsv table = MetricsCsv.read(csv);
                for (JsonNode name : cell.get("curves")) {
                    if (!table.metrics().contains(name.asText())) continue;
                    double[][] xy = table.series(name.asText());
                    ObjectNode c = curves.putObject(name.asText());
                    ArrayNode xs = c.putArray("step"), ys = c.putArray("value");
                    for (int i = 0; i < xy[0].length; i++) {
                        xs.add(xy[0][i]);
                        ys.add(xy[1][i]);
                    }
                }
            }
        }
        return res;
    }

    /** Reads a shipped curve back as {steps, values}; null when absent. */
    static double[][] curve(ObjectNode result, String metric) {
        JsonNode c = result.path("curves").get(metric);
        if (c == null) return null;
        double[] x = new double[c.get("step").size()], y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = c.get("step").get(i).asDouble();
            y[i] = c.get("value").get(i).asDouble();
        }
        return new double[][] {x, y};
    }

    /** Model-specific additions to a cell result, run with the trained model before sampling. */
    interface Extra {
        void add(CellTraining.Trained trained, ObjectNode cell, ObjectNode result) throws Exception;
    }
}
