package org.genlab.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WGAN family through the real command line: train, resume, sample (scatter with critic contours), eval. */
class GanCliTest {

    @Test
    void trainResumeSampleEvalOnAToy(@TempDir Path tmp) throws Exception {
        Path runDir = tmp.resolve("gp");
        CliRun.Result r = CliRun.run("train", "--model", "wgan-gp", "--data", "toy:8gaussians", "--steps", "3", "--batch", "32",
                "--dim", "16", "--n-critic", "2", "--w1-every", "1", "--set", "train.log_every=1", "--out", runDir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        r = CliRun.run("train", "--resume", runDir.toString(), "--steps", "5");
        assertEquals(0, r.code(), r.out() + r.err());
        Path png = tmp.resolve("s.png");
        r = CliRun.run("sample", "--checkpoint", runDir.toString(), "--n", "200", "--out", png.toString(), "--resolution", "30");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.size(png) > 5000, "scatter plot with critic heat map");
        assertTrue(r.out().contains("modes_covered"), r.out());
        r = CliRun.run("eval", "--checkpoint", runDir.toString(), "--opt", "batches=2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("w1_exact") && r.out().contains("w1_critic") && r.out().contains("w1_real_real"), r.out());
        r = CliRun.run("eval", "--checkpoint", runDir.toString(), "--opt", "bogus=1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown eval option 'bogus'"), r.err());
        r = CliRun.run("sample", "--checkpoint", runDir.toString(), "--field", "heat");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("field must be critic or none"), r.err());
        String csv = Files.readString(runDir.resolve("metrics.csv"));
        assertEquals(6, csv.lines().count(), "header + one row per step, 3 + 2 after the resume\n" + csv);
        assertTrue(csv.lines().findFirst().orElse("").contains("w1_exact"), csv);
    }
}
