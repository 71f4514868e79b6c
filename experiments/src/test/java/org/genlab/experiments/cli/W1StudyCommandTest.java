package org.genlab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.genlab.common.UsageException;
import org.genlab.common.data.DataPaths;
import org.genlab.common.data.Datasets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code genlab w1-study} on the installed 8×8 digits (skipped when absent), and its input errors. */
class W1StudyCommandTest {

    private static String run(String... args) throws Exception {
        W1StudyCommand c = new W1StudyCommand();
        CommandLine cl = new DefaultParser().parse(c.options(args), args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = c.run(cl, new Console(new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        assertEquals(0, code);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void reportsAllFiveDistancesAndWritesJson(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Datasets.isInstalled(Datasets.DIGITS, DataPaths.defaults()),
                "digits is not installed (genlab data install digits); skipping");
        Path json = tmp.resolve("w1.json");
        String out = run("--data", "digits", "--batch", "32", "--k", "5", "--trials", "3", "--pool", "300",
                "--out", json.toString());
        assertTrue(out.contains("W(B1, B2)") && out.contains("W(B1, kmeans(B1))") && out.contains("±"), out);
        String j = Files.readString(json);
        assertTrue(j.contains("\"real_vs_real\"") && j.contains("\"data_kmeans\""), j);
    }

    @Test
    void badInputIsAUsageError() {
        assertThrows(UsageException.class, () -> run("--data", "toy:8gaussians"));
        assertThrows(UsageException.class, () -> run("--data", "digits", "--k", "0"));
        assertThrows(UsageException.class, () -> run("--data", "digits", "--batch", "8", "--k", "9"));
        assertThrows(UsageException.class, () -> run("--data", "digits", "--split", "validation"));
    }
}
