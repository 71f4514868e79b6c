package org.genlab.experiments;

import org.genlab.experiments.cli.Console;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WGAN family through the real command line: train, resume, sample (scatter with critic contours), eval. */
class GanCliTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new String[]{String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void trainResumeSampleEvalOnAToy(@TempDir Path tmp) throws Exception {
        Path runDir = tmp.resolve("gp");
        String[] r = run("train", "--model", "wgan-gp", "--data", "toy:8gaussians", "--steps", "3", "--batch", "32",
                "--dim", "16", "--n-critic", "2", "--w1-every", "1", "--set", "train.log_every=1", "--out", runDir.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        r = run("train", "--resume", runDir.toString(), "--steps", "5");
        assertEquals("0", r[0], r[1] + r[2]);
        Path png = tmp.resolve("s.png");
        r = run("sample", "--checkpoint", runDir.toString(), "--n", "200", "--out", png.toString(), "--resolution", "30");
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(Files.size(png) > 5000, "scatter plot with critic heat map");
        assertTrue(r[1].contains("modes_covered"), r[1]);
        r = run("eval", "--checkpoint", runDir.toString(), "--opt", "batches=2");
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("w1_exact") && r[1].contains("w1_critic") && r[1].contains("w1_real_real"), r[1]);
        r = run("eval", "--checkpoint", runDir.toString(), "--opt", "bogus=1");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown eval option 'bogus'"), r[2]);
        r = run("sample", "--checkpoint", runDir.toString(), "--field", "heat");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("field must be critic or none"), r[2]);
        String csv = Files.readString(runDir.resolve("metrics.csv"));
        assertEquals(6, csv.lines().count(), "header + one row per step, 3 + 2 after the resume\n" + csv);
        assertTrue(csv.lines().findFirst().orElse("").contains("w1_exact"), csv);
    }
}
