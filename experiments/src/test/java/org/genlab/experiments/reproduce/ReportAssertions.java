package org.genlab.experiments.reproduce;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks a written report: both files, at least one table, and that its numbers parse as finite values. */
final class ReportAssertions {
    private ReportAssertions() {
    }

    /** Returns the numbers found in the Markdown table rows (after the header separators). */
    static List<Double> assertReport(Path dir) throws Exception {
        Path html = dir.resolve("report.html"), md = dir.resolve("report.md");
        assertTrue(Files.isRegularFile(html) && Files.size(html) > 1000, "report.html missing or tiny");
        assertTrue(Files.isRegularFile(md), "report.md missing");
        String text = Files.readString(md);
        assertTrue(text.contains("|---|"), "no table in report.md");
        assertTrue(Files.readString(html).contains("<table>"), "no table in report.html");
        assertTrue(!text.toLowerCase().contains("nan") && !text.contains("Infinity"), "non-finite number in the report:\n" + text);
        List<Double> nums = new ArrayList<>();
        Matcher m = Pattern.compile("(?<![\\w.])-?\\d+\\.\\d+(?:e-?\\d+)?").matcher(text);
        while (m.find()) nums.add(Double.parseDouble(m.group()));
        for (double v : nums) assertTrue(Double.isFinite(v));
        return nums;
    }
}
