package org.genlab.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Datasets;
import org.genlab.experiments.sweep.LocalCellRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** grad-accum at the test scale, and the property it demonstrates: accumulation of 100 × 1 equals one batch of 100. */
class GradAccumTest {
    private static final DataPaths PATHS = DataPaths.defaults();

    @BeforeEach
    void needsMnist() {
        assumeTrue(Datasets.isInstalled(Datasets.MNIST, PATHS), "mnist not installed (run: genlab data install mnist)");
    }

    @Test
    void writesAReportWithFiniteNumbers(@TempDir Path dir) throws Exception {
        ReproductionOptions o = new ReproductionOptions(false, 1, dir, PATHS, System.out, new LocalCellRunner());
        new GradAccumReproduction(GradAccumReproduction.Scale.TEST).run(o);
        List<Double> nums = ReportAssertions.assertReport(dir);
        assertTrue(nums.size() > 10, "numbers: " + nums.size());
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("batch 1 + accum 100") && md.contains("~0.02") && md.contains("train-loss.png"), md);
    }

    @Test
    void accumulationOf100SinglesTracksBatch100(@TempDir Path dir) throws Exception {
        GradAccumReproduction g = new GradAccumReproduction();
        JsonNode accum = Config.JSON.readTree(g.runCell(cell(1, 100), dir, PATHS));
        JsonNode batch = Config.JSON.readTree(g.runCell(cell(100, 1), dir, PATHS));
        JsonNode single = Config.JSON.readTree(g.runCell(cell(1, 1), dir, PATHS));
        assertEquals(batch.get("updates").asLong(), accum.get("updates").asLong());
        assertEquals(100 * batch.get("updates").asLong(), single.get("updates").asLong());
        JsonNode a = accum.get("curve_loss"), b = batch.get("curve_loss");
        assertEquals(b.size(), a.size());
        for (int k = 0; k < a.size(); k++) assertEquals(b.get(k).asDouble(), a.get(k).asDouble(), 2e-4 * b.get(k).asDouble(), "window " + k);
        assertEquals(batch.get("final_test_loss").asDouble(), accum.get("final_test_loss").asDouble(), 1e-3);
        // Plain batch 1 takes 100x more (different) steps: its trajectory is not the same.
        assertNotEquals(batch.get("final_test_loss").asDouble(), single.get("final_test_loss").asDouble(), 1e-3);
    }

    private static String cell(int batch, int accum) {
        ObjectNode c = Config.JSON.createObjectNode();
        c.put("label", "x");
        c.put("batch", batch);
        c.put("accum", accum);
        c.put("samples", 600);
        c.put("seed", 3);
        c.putArray("hidden").add(32);
        c.put("lr", 1e-3);
        c.put("window", 200);
        c.put("eval_points", 2);
        return c.toString();
    }
}
