package org.genlab.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import org.genlab.common.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.genlab.experiments.CliErrorPathsTest.assertUsageError;
import static org.genlab.experiments.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code genlab train --init-from}: a new run that starts from another run's config and weights. */
class WarmStartCliTest {
    @Test
    void newRunStartsFromAnotherRunsWeightsAndConfig(@TempDir Path tmp) throws Exception {
        Path source = tmp.resolve("source"), grown = tmp.resolve("grown");
        assertEquals(0, run("train", "--model", "score-sde", "--data", "toy:8gaussians", "--steps", "3", "--batch", "16",
                "--set", "net.hidden=[8]", "--set", "net.embed_dim=8", "--out", source.toString()).code());
        // no --model and no widths: both come from the source run's config
        CliRun.Result r = run("train", "--init-from", source.toString(), "--steps", "2", "--set", "train.lr=1e-4", "--out", grown.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("arrays copied, 0 new"), r.out());
        JsonNode cfg = Config.JSON.readTree(grown.resolve("config.json").toFile());
        assertEquals(8, cfg.at("/net/hidden/0").asInt());
        assertEquals(1e-4, cfg.at("/train/lr").asDouble());
        JsonNode rec = Config.JSON.readTree(grown.resolve("init-from.json").toFile());
        assertEquals(3, rec.get("step").asInt());
        assertTrue(rec.get("copied").size() > 0 && rec.get("fresh").isEmpty(), rec.toString());

        assertUsageError(run("train", "--init-from", source.toString(), "--set", "net.hidden=[16]", "--out", tmp.resolve("wider").toString()),
                "cannot warm-start");
        assertUsageError(run("train", "--resume", grown.toString(), "--init-from", source.toString()), "cannot be combined with --resume");
        assertUsageError(run("train", "--init-from", tmp.resolve("nope").toString()), "checkpoint path not found");
    }
}
