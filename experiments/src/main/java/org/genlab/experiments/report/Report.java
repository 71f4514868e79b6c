package org.genlab.experiments.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A reproduction report written twice from one list of blocks: {@code report.md} (images as relative links) and a
 * self-contained {@code report.html} (images inlined as base64 data URIs, no scripts, no external resources), so it
 * opens in a browser without a server.
 */
public final class Report {
    private sealed interface Block permits Heading, Paragraph, Table, Image, Code {
    }

    private record Heading(int level, String text) implements Block {
    }

    private record Paragraph(String text) implements Block {
    }

    private record Table(List<String> header, List<List<String>> rows) implements Block {
    }

    private record Image(Path file, String caption) implements Block {
    }

    private record Code(String text) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public Report(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public Report section(String text) {
        blocks.add(new Heading(2, text));
        return this;
    }

    public Report subsection(String text) {
        blocks.add(new Heading(3, text));
        return this;
    }

    /** Plain text; a blank line separates paragraphs. `code` spans and **bold** are rendered in both formats. */
    public Report paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    public Report table(List<String> header, List<List<String>> rows) {
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("table row has " + r.size() + " cells, header has " + header.size());
            }
        }
        blocks.add(new Table(List.copyOf(header), rows.stream().map(List::copyOf).toList()));
        return this;
    }

    /** A PNG; {@link #write} copies it next to the report (Markdown) and inlines it (HTML). */
    public Report image(Path png, String caption) {
        blocks.add(new Image(png.toAbsolutePath(), caption));
        return this;
    }

    /** Preformatted text (configs, command lines). */
    public Report code(String text) {
        blocks.add(new Code(text));
        return this;
    }

    /** Writes report.md, report.html and the images (under images/) into dir; returns the HTML file. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title>\n<style>").append(CSS).append("</style></head><body>\n<h1>")
                .append(esc(title)).append("</h1>\n");
        int img = 0;
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                md.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
                html.append("<h").append(h.level()).append('>').append(inline(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (b instanceof Paragraph p) {
                md.append(p.text()).append("\n\n");
                for (String para : p.text().split("\n\\s*\n")) html.append("<p>").append(inline(para)).append("</p>\n");
            } else if (b instanceof Table t) {
                md.append("| ").append(String.join(" | ", t.header())).append(" |\n|");
                md.append("---|".repeat(t.header().size())).append('\n');
                for (List<String> r : t.rows()) md.append("| ").append(String.join(" | ", r)).append(" |\n");
                md.append('\n');
                html.append("<table><thead><tr>");
                for (String h : t.header()) html.append("<th>").append(inline(h)).append("</th>");
                html.append("</tr></thead><tbody>\n");
                for (List<String> r : t.rows()) {
                    html.append("<tr>");
                    for (String c : r) html.append("<td>").append(inline(c)).append("</td>");
                    html.append("</tr>\n");
                }
                html.append("</tbody></table>\n");
            } else if (b instanceof Image i) {
                String name = String.format("%02d-%s", ++img, i.file().getFileName());
                Path target = dir.resolve("images").resolve(name);
                if (!Files.exists(i.file())) throw new IOException("report image missing: " + i.file());
                if (!target.toAbsolutePath().equals(i.file())) Files.copy(i.file(), target, StandardCopyOption.REPLACE_EXISTING);
                md.append("![").append(i.caption()).append("](images/").append(name).append(")\n\n*")
                        .append(i.caption()).append("*\n\n");
                html.append("<figure><img alt=\"").append(esc(i.caption())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(Files.readAllBytes(target)))
                        .append("\"><figcaption>").append(inline(i.caption())).append("</figcaption></figure>\n");
            } else if (b instanceof Code c) {
                md.append("```\n").append(c.text()).append(c.text().endsWith("\n") ? "" : "\n").append("```\n\n");
                html.append("<pre>").append(esc(c.text())).append("</pre>\n");
            }
        }
        html.append("</body></html>\n");
        Files.writeString(dir.resolve("report.md"), md, StandardCharsets.UTF_8);
        Path out = dir.resolve("report.html");
        Files.writeString(out, html, StandardCharsets.UTF_8);
        return out;
    }

    private static final String CSS = "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #bbb;padding:.25em .6em;text-align:right}"
            + "th{background:#eee}td:first-child,th:first-child{text-align:left}img{max-width:100%}"
            + "figure{margin:1em 0}figcaption{font-size:.9em;color:#555}pre{background:#f6f6f6;padding:.6em;overflow-x:auto}"
            + "code{background:#f0f0f0}";

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Escapes, then renders `code` and **bold** (the only inline Markdown the reports use). */
    static String inline(String s) {
        String e = esc(s);
        e = e.replaceAll("`([^`]+)`", "<code>$1</code>");
        return e.replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
    }
}
