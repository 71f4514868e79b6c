package org.genlab.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.common.model.ModelRegistry;
import org.genlab.experiments.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code genlab sweep} through Spark local[2] (two cells at once in this JVM, each with its own graphs) gives the
 * same metrics as the in-process runner, cell by cell; bad sweep files name the offending key.
 */
class SparkSweepTest {
    private static final String SWEEP = """
            {"name": "tiny", "base": {"model": "wgan-gp", "data": "toy:8gaussians", "steps": 3, "batch": 32,
              "gan.dim": 16, "gan.n_critic": 2, "train.log_every": 1},
             "grid": {"train.lr": [1e-4, 1e-3]}, "seeds": 2, "eval": {"options": {"batches": "2"}}}
            """;

    @Test
    void sparkLocal2GivesTheSameMetricsAsTheLocalRunner(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("sweep.json");
        Files.writeString(file, SWEEP);
        CliRun.Result local = CliRun.run("sweep", "--config", file.toString(), "--out", tmp.resolve("local").toString());
        assertEquals(0, local.code(), local.out() + local.err());
        CliRun.Result spark = CliRun.run("sweep", "--config", file.toString(), "--spark", "local[2]", "--out", tmp.resolve("spark").toString());
        assertEquals(0, spark.code(), spark.out() + spark.err());
        assertTrue(spark.out().contains("master local[2]"), spark.out());

        JsonNode a = Config.JSON.readTree(tmp.resolve("local/results.json").toFile());
        JsonNode b = Config.JSON.readTree(tmp.resolve("spark/results.json").toFile());
        assertEquals(4, a.size());
        assertEquals(4, b.size());
        for (int i = 0; i < 4; i++) {
            JsonNode m = a.get(i).get("metrics");
            assertTrue(m.size() >= 3 && m.has("w1_exact"), m.toString());
            m.forEach(v -> assertTrue(Double.isFinite(v.asDouble()), m.toString()));
            assertEquals(m, b.get(i).get("metrics"), "cell " + i + ": Spark and in-process metrics differ");
            assertEquals(a.get(i).get("last_train"), b.get(i).get("last_train"), "cell " + i + " last training step");
            assertTrue(Files.isRegularFile(tmp.resolve(String.format("spark/cell-%03d/metrics.csv", i))));
        }
        // Non-trivial comparison: seeds and learning rates change the numbers.
        assertNotEquals(a.get(0).get("metrics"), a.get(1).get("metrics"));
        assertNotEquals(a.get(0).get("last_train"), a.get(2).get("last_train"));
        // local[2] really ran cells concurrently in this JVM (the ND4J thread-safety this test stands for).
        boolean overlap = false;
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                overlap |= b.get(i).get("start_ms").asLong() < b.get(j).get("end_ms").asLong()
                        && b.get(j).get("start_ms").asLong() < b.get(i).get("end_ms").asLong();
            }
        }
        assertTrue(overlap, "no two Spark cells overlapped in time");

        String md = Files.readString(tmp.resolve("spark/report.md"));
        assertTrue(Files.isRegularFile(tmp.resolve("spark/report.html")));
        assertTrue(md.contains("train.lr=0.0001 | 2 |") && md.contains("train.lr=0.001 | 2 |") && md.contains(" ± "), md);
        assertTrue(md.contains("cell-003"), md);
    }

    @Test
    void aUserErrorInsideASparkTaskReachesTheCommandLineAsOne(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("sweep.json");
        // One cell: with two, Spark leaves the second task running after the first fails (docs/spark.md), and it
        // could still be writing into tmp while JUnit deletes it.
        Files.writeString(file, SWEEP.replace("\"seeds\": 2", "\"seeds\": 1").replace("[1e-4, 1e-3]", "[1e-4]")
                .replace("\"batches\": \"2\"", "\"bogus\": \"1\""));
        CliRun.Result r = CliRun.run("sweep", "--config", file.toString(), "--spark", "local[1]", "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("unknown eval option 'bogus'"), r.err());
        // A reproduction's cells go through the same runner; an unknown name fails on the driver, before Spark starts.
        UsageException e = assertThrows(UsageException.class, () -> new SparkCellRunner("local[1]")
                .run("no-such-reproduction", java.util.List.of("{}"), tmp, new org.genlab.common.data.DataPaths(tmp)));
        assertTrue(e.getMessage().contains("unknown reproduction 'no-such-reproduction'"), e.getMessage());
        r = CliRun.run("sweep", "--config", file.toString(), "--spark", "local[two]");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--spark must be a Spark master URL"), r.err());
    }

    private static String badKeyMessage(String json) {
        return assertThrows(UsageException.class,
                () -> SweepSpec.parse(Config.JSON.readTree(json), "s.json").cells(new ModelRegistry())).getMessage();
    }

    @Test
    void badSweepFilesNameTheKey() {
        String base = "\"base\": {\"model\": \"wgan-gp\", \"data\": \"toy:8gaussians\", \"steps\": 3}";
        assertTrue(badKeyMessage("{" + base + ", \"grids\": {}}").contains("unknown key 'grids'"));
        assertTrue(badKeyMessage("{" + base + ", \"grid\": {\"gan.bogus\": [1]}}").contains("grid key 'gan.bogus'"));
        assertTrue(badKeyMessage("{" + base + ", \"grid\": {\"train.lr\": [\"fast\"]}}").contains("grid key 'train.lr'"));
        assertTrue(badKeyMessage("{" + base + ", \"grid\": {\"train.lr\": []}}").contains("grid key 'train.lr'"));
        assertTrue(badKeyMessage("{" + base + ", \"grid\": {\"dtype\": [\"float\", \"double\"]}}").contains("grid key 'dtype' cannot vary"));
        assertTrue(badKeyMessage("{" + base + ", \"seeds\": 0}").contains("key 'seeds'"));
        assertTrue(badKeyMessage("{" + base + ", \"eval\": {\"metric\": []}}").contains("'eval.metric'"));
        assertTrue(badKeyMessage("{\"base\": {\"model\": \"nope\"}}").contains("key 'base.model'"));
        assertTrue(badKeyMessage("{\"base\": {\"model\": \"wgan-gp\", \"gan.dimm\": 3}}").contains("base key 'gan.dimm'"));
        assertTrue(badKeyMessage("{" + base.replace("\"steps\": 3", "\"steps\": -1") + "}").contains("configuration base"));
    }
}
