package org.genlab.experiments.report;

import org.genlab.common.viz.ImageGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ReportTest {
    @Test
    void writesMarkdownAndSelfContainedHtml(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("grid.png");
        ImageGrid.of(Nd4j.rand(4, 1, 8, 8)).writePng(png);
        Path html = new Report("t <1>")
                .section("Results").paragraph("a **bold** `x<y` claim\n\nsecond")
                .table(List.of("model", "nll"), List.of(List.of("vae", "1.0"), List.of("bn & co", "2.0")))
                .image(png, "samples").code("{\"a\": 1}")
                .write(dir.resolve("out"));
        String h = Files.readString(html);
        assertTrue(h.contains("<title>t &lt;1&gt;</title>"));
        assertTrue(h.contains("<strong>bold</strong> <code>x&lt;y</code>"));
        assertTrue(h.contains("<p>second</p>"));
        assertTrue(h.contains("<td>bn &amp; co</td>"));
        assertTrue(h.contains("src=\"data:image/png;base64,iVBOR"), "image inlined as PNG data URI");
        assertFalse(h.contains("src=\"images/"), "HTML must not depend on side files");
        String md = Files.readString(dir.resolve("out/report.md"));
        assertTrue(md.contains("| bn & co | 2.0 |"));
        assertTrue(md.contains("](images/01-grid.png)"));
        assertTrue(Files.size(dir.resolve("out/images/01-grid.png")) > 50);
        assertThrows(IllegalArgumentException.class, () -> new Report("x").table(List.of("a"), List.of(List.of("1", "2"))));
    }
}
