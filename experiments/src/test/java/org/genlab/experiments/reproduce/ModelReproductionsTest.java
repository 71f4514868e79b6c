package org.genlab.experiments.reproduce;

import org.genlab.common.data.DataPaths;
import org.genlab.experiments.sweep.LocalCellRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs bn-vae, vmf-vae and wgan-fails end to end at a tiny test scale through the registry's in-process cell runner
 * and checks the reports: both files exist, the HTML is self-contained, and the tables hold finite numbers.
 */
class ModelReproductionsTest {
    private static final DataPaths DATA = DataPaths.defaults();

    private static void needData(String... names) {
        for (String n : names) {
            assumeTrue(Files.isDirectory(DATA.dir(n)), "dataset " + n + " not installed (genlab data install " + n + ")");
        }
    }

    private static ReproductionOptions options(Path out, int seeds) {
        return new ReproductionOptions(false, seeds, out, DATA, new PrintStream(new ByteArrayOutputStream()), new LocalCellRunner());
    }

    /** Numbers in the Markdown tables' data rows (header rows and separators excluded). */
    static List<Double> tableNumbers(String md) {
        List<Double> out = new ArrayList<>();
        Pattern num = Pattern.compile("(?<![\\w.])-?\\d+\\.\\d+(?![\\w.])");
        String prev = "";
        for (String line : md.split("\n")) {
            boolean row = line.startsWith("| ") && !prev.isEmpty() && prev.startsWith("|");
            if (row && !line.startsWith("|---")) {
                Matcher m = num.matcher(line);
                while (m.find()) out.add(Double.parseDouble(m.group()));
            }
            prev = line;
        }
        return out;
    }

    private static String checkReport(Path html, int minNumbers) throws Exception {
        assertEquals("report.html", html.getFileName().toString());
        Path md = html.resolveSibling("report.md");
        assertTrue(Files.size(html) > 1000 && Files.isRegularFile(md));
        String text = Files.readString(md);
        String page = Files.readString(html);
        assertTrue(page.contains("<table>") && page.contains("data:image/png;base64,"), "tables and inlined pictures");
        assertFalse(page.contains("src=\"images/") || page.contains("<script"), "self-contained, no scripts");
        List<Double> nums = tableNumbers(text);
        assertTrue(nums.size() >= minNumbers, "expected >= " + minNumbers + " numbers in tables, got " + nums.size());
        for (double v : nums) assertTrue(Double.isFinite(v));
        for (String line : text.split("\n")) {
            if (line.startsWith("|")) assertFalse(line.contains("NaN") || line.contains("Infinity"), line);
        }
        return text;
    }

    @Test
    void bnVaeEndToEnd(@TempDir Path dir) throws Exception {
        needData("sentences", "digits");
        Path html = new BnVaeReproduction(BnVaeReproduction.Scale.TEST).run(options(dir, 1));
        String md = checkReport(html, 8 * 2 * 5);
        assertTrue(md.contains("KL ≥ (d/2)γ² = 0.18") && md.contains("bn-vae-su τ=0.5"), "γ grid and Su's variant present");
        try (var files = Files.list(dir.resolve("cells"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(16, names.size(), "16 cells (8 configurations x text, images), one per configuration and data kind: " + names);
        }
    }

    @Test
    void vmfVaeEndToEnd(@TempDir Path dir) throws Exception {
        needData("digits");
        Path html = new VmfVaeReproduction(VmfVaeReproduction.Scale.TEST).run(options(dir, 2));
        String md = checkReport(html, 2 * 6);
        assertTrue(md.contains("-132.50 / -135.73") == false && md.contains("-135.73 / -132.50"), "paper LL beside measured");
        assertTrue(md.contains(" ± "), "two seeds give mean ± sd");
    }

    @Test
    void wganFailsEndToEnd(@TempDir Path dir) throws Exception {
        needData("mnist");
        Path html = new WganFailsReproduction(WganFailsReproduction.Scale.TEST).run(options(dir, 1));
        String md = checkReport(html, 6 * 4 + 5);
        for (String v : WganFailsReproduction.VARIANTS) assertTrue(md.contains("| " + v + " |"), v);
    }

    @Test
    void tableNumbersSkipsHeadersAndFindsDecimals() {
        String md = "| a | b 1.5 |\n|---|---|\n| x | 2.25 ± 0.10 |\n\ntext 3.5\n";
        assertEquals(List.of(2.25, 0.10), tableNumbers(md));
    }
}
