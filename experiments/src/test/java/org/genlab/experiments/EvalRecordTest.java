package org.genlab.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import org.genlab.common.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two evals of one checkpoint with different metrics: the record keeps both (a later eval once erased an earlier one). */
class EvalRecordTest {
    private static int run(String... args) {
        return CliRun.run(args).code();
    }

    @Test
    void laterEvalKeepsEarlierMetrics(@TempDir Path tmp) throws Exception {
        Path runDir = tmp.resolve("toy");
        assertEquals(0, run("train", "--model", "score-sde", "--data", "toy:8gaussians", "--steps", "2", "--batch", "16",
                "--set", "net.hidden=[8]", "--set", "net.embed_dim=8", "--out", runDir.toString()));
        assertEquals(0, run("eval", "--checkpoint", runDir.toString(), "--metric", "nll", "--limit", "20", "--opt", "rtol=1e-2", "--opt", "atol=1e-2"));
        assertEquals(0, run("eval", "--checkpoint", runDir.toString(), "--metric", "modes", "--limit", "20", "--opt", "rtol=1e-2", "--opt", "atol=1e-2"));
        JsonNode m = Config.JSON.readTree(runDir.resolve("eval-step2.json").toFile()).get("metrics");
        assertTrue(m.has("nll") && m.has("modes_hit"), m.toString());
    }
}
