package org.genlab.common.data;

import org.genlab.common.UsageException;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ↔ id map. Ids 0..3 are the specials {@code <pad>}, {@code <unk>}, {@code <bos>}, {@code <eos>}; the other
 * tokens follow by decreasing training count, ties broken by the token's string order, so the same corpus always
 * gives the same ids. Saved as UTF-8 text: a header line, then "token TAB count" per id.
 */
public final class Vocabulary {
    public static final String PAD = "<pad>", UNK = "<unk>", BOS = "<bos>", EOS = "<eos>";
    public static final int PAD_ID = 0, UNK_ID = 1, BOS_ID = 2, EOS_ID = 3;
    public static final List<String> SPECIALS = List.of(PAD, UNK, BOS, EOS);
    private static final String HEADER = "#genlab-vocabulary v1";

    private final List<String> tokens;
    private final long[] counts;
    private final Map<String, Integer> ids = new HashMap<>();

    private Vocabulary(List<String> tokens, long[] counts) {
        this.tokens = List.copyOf(tokens);
        this.counts = counts;
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) throw new IllegalArgumentException("duplicate token '" + tokens.get(i) + "'");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Counts tokens; specials met in the text are not counted (they are always present). */
    public static final class Builder {
        private final Map<String, Long> counts = new HashMap<>();

        public Builder add(String token) {
            if (token.isEmpty() || token.indexOf('\t') >= 0 || token.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("tokens must be non-empty and free of tabs and newlines: '" + token + "'");
            }
            if (!SPECIALS.contains(token)) counts.merge(token, 1L, Long::sum);
            return this;
        }

        public Builder addAll(Iterable<String> tokens) {
            for (String t : tokens) add(t);
            return this;
        }

        public Builder addSentences(Iterable<? extends List<String>> sentences) {
            for (List<String> s : sentences) addAll(s);
            return this;
        }

        /**
         * @param maxSize  total size including the 4 specials ({@code Integer.MAX_VALUE}: no cap)
         * @param minCount tokens seen fewer times become {@code <unk>}
         */
        public Vocabulary build(int maxSize, long minCount) {
            if (maxSize < SPECIALS.size()) {
                throw new UsageException("vocabulary size " + maxSize + " is too small: the " + SPECIALS.size()
                        + " special tokens alone need " + SPECIALS.size());
            }
            List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
            entries.sort((a, b) -> {
                int c = Long.compare(b.getValue(), a.getValue());
                return c != 0 ? c : a.getKey().compareTo(b.getKey());
            });
            List<String> toks = new ArrayList<>(SPECIALS);
            List<Long> cs = new ArrayList<>(Collections.nCopies(SPECIALS.size(), 0L));
            for (Map.Entry<String, Long> e : entries) {
                if (toks.size() >= maxSize || e.getValue() < minCount) break;
                toks.add(e.getKey());
                cs.add(e.getValue());
            }
            long[] arr = new long[cs.size()];
            for (int i = 0; i < arr.length; i++) arr[i] = cs.get(i);
            return new Vocabulary(toks, arr);
        }

        public Vocabulary build(int maxSize) {
            return build(maxSize, 1);
        }
    }

    public int size() {
        return tokens.size();
    }

    /** The token's id, or {@link #UNK_ID} when it is not in the vocabulary. */
    public int id(String token) {
        Integer i = ids.get(token);
        return i == null ? UNK_ID : i;
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) throw new IllegalArgumentException("token id " + id + " outside 0.." + (tokens.size() - 1));
        return tokens.get(id);
    }

    /** Training count of the token with this id (0 for specials). */
    public long count(int id) {
        return counts[id];
    }

    public List<String> tokens() {
        return tokens;
    }

    /** Ids of the tokens, without {@code <bos>}/{@code <eos>}; unknown tokens become {@link #UNK_ID}. */
    public int[] encode(List<String> sentence) {
        int[] out = new int[sentence.size()];
        for (int i = 0; i < out.length; i++) out[i] = id(sentence.get(i));
        return out;
    }

    /** Every id as its token, specials included. */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) out.add(token(id));
        return out;
    }

    /** Readable text: stops at the first {@code <eos>}, drops {@code <pad>} and {@code <bos>}, joins with spaces. */
    public String decodeText(int[] ids) {
        StringBuilder s = new StringBuilder();
        for (int id : ids) {
            if (id == EOS_ID) break;
            if (id == PAD_ID || id == BOS_ID) continue;
            if (s.length() > 0) s.append(' ');
            s.append(token(id));
        }
        return s.toString();
    }

    /** Fraction of the tokens in {@code sentences} that are in the vocabulary (not mapped to {@code <unk>}). */
    public double coverage(Iterable<? extends List<String>> sentences) {
        long known = 0, total = 0;
        for (List<String> s : sentences) {
            for (String t : s) {
                total++;
                if (ids.containsKey(t) && !SPECIALS.contains(t)) known++;
            }
        }
        return total == 0 ? Double.NaN : known / (double) total;
    }

    public void save(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write(HEADER);
                w.write('\n');
                for (int i = 0; i < tokens.size(); i++) {
                    w.write(tokens.get(i));
                    w.write('\t');
                    w.write(Long.toString(counts[i]));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot write vocabulary " + file + ": " + e.getMessage());
        }
    }

    public static Vocabulary load(Path file) {
        List<String> toks = new ArrayList<>();
        List<Long> cs = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (!HEADER.equals(first)) {
                throw new UsageException(file + " is not a genlab vocabulary (first line should be '" + HEADER + "')");
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                int tab = line.lastIndexOf('\t');
                if (tab <= 0) throw new UsageException(file + " line " + lineNo + " is not 'token<TAB>count'");
                toks.add(line.substring(0, tab));
                try {
                    cs.add(Long.parseLong(line.substring(tab + 1)));
                } catch (NumberFormatException e) {
                    throw new UsageException(file + " line " + lineNo + ": bad count '" + line.substring(tab + 1) + "'");
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot read vocabulary " + file + ": " + e.getMessage());
        }
        if (toks.size() < SPECIALS.size() || !toks.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new UsageException(file + " must start with the special tokens " + SPECIALS);
        }
        long[] arr = new long[cs.size()];
        for (int i = 0; i < arr.length; i++) arr[i] = cs.get(i);
        try {
            return new Vocabulary(toks, arr);
        } catch (IllegalArgumentException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens) && java.util.Arrays.equals(v.counts, counts);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }
}
