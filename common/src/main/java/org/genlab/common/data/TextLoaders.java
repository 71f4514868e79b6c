package org.genlab.common.data;

import org.genlab.common.UsageException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads one-sentence-per-line text into token lists (split on whitespace). Token strings are shared between
 * sentences, which keeps the 1.16 M-token Brown corpus small in memory. Use {@link Datasets#sentences} to load an
 * installed corpus by name.
 */
public final class TextLoaders {
    /** The Brown corpus's 500 text files are named ca01 … cr09 (15 genres a–r). */
    public static final Pattern BROWN_FILE = Pattern.compile("c[a-r][0-9]{2}");
    public static final int BROWN_FILES = 500;
    public static final String RAW_SENTENCES_FILE = "raw_sentences.txt";

    private TextLoaders() {
    }

    /** Brown corpus files in {@code dir}, in name order: "word/TAG" tokens with tags stripped, lower-cased. */
    public static List<List<String>> brown(Path dir) {
        List<Path> files = brownFiles(dir);
        if (files.size() != BROWN_FILES) {
            throw new UsageException(dir + " holds " + files.size() + " Brown corpus files, expected " + BROWN_FILES
                    + "; reinstall with genlab data install brown");
        }
        Map<String, String> pool = new HashMap<>();
        List<List<String>> out = new ArrayList<>(60_000);
        for (Path f : files) {
            for (String line : lines(f)) {
                List<String> s = tokens(line, true, pool, true);
                if (!s.isEmpty()) out.add(s);
            }
        }
        return out;
    }

    static List<Path> brownFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> BROWN_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** A plain text file, one sentence per line, whitespace-separated tokens; blank lines are skipped. */
    public static List<List<String>> plainText(Path file, boolean lowercase) {
        Map<String, String> pool = new HashMap<>();
        List<List<String>> out = new ArrayList<>();
        for (String line : lines(file)) {
            List<String> s = tokens(line, lowercase, pool, false);
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }

    /** DL4J's raw_sentences.txt (97,162 short sentences over a 250-word vocabulary), lower-cased. */
    public static List<List<String>> rawSentences(Path dir) {
        return plainText(dir.resolve(RAW_SENTENCES_FILE), true);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                return r.lines().toList();
            } catch (IOException e2) {
                throw new UsageException("cannot read " + file + ": " + e2.getMessage());
            }
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static List<String> tokens(String line, boolean lowercase, Map<String, String> pool, boolean stripTags) {
        String t = line.strip();
        if (t.isEmpty()) return List.of();
        String[] parts = t.split("\\s+");
        List<String> out = new ArrayList<>(parts.length);
        for (String p : parts) {
            if (stripTags) {
                int slash = p.lastIndexOf('/');
                if (slash > 0) p = p.substring(0, slash);
            }
            if (lowercase) p = p.toLowerCase(Locale.ROOT);
            out.add(pool.computeIfAbsent(p, k -> k));
        }
        return out;
    }
}
