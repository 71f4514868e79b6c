package org.genlab.common.data;

import org.genlab.common.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TextCorpusTest {
    @TempDir
    Path dir;

    /** Sentence i is "w{i % 7} ... " with i % 5 + 1 tokens, plus one rare word per sentence. */
    private static List<List<String>> synthetic(int n) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> s = new ArrayList<>();
            for (int j = 0; j < i % 5; j++) s.add("w" + ((i + j) % 7));
            s.add("rare" + i);
            out.add(s);
        }
        return out;
    }

    private static List<String> firstTrainSentence(TextCorpus c) {
        return c.vocabulary().decode(c.train().sentence(0));
    }

    @Test
    void fixedFractionSplitInFileOrder() {
        TextCorpus c = TextCorpus.build("s", synthetic(100), TextCorpus.Options.defaults(1000));
        assertEquals(80, c.train().size());
        assertEquals(10, c.valid().size());
        assertEquals(10, c.test().size());
        assertEquals(List.of("rare0"), firstTrainSentence(c));
        // The vocabulary comes from training sentences only: rare words of the test split are unknown.
        assertFalse(c.vocabulary().contains("rare95"));
        assertEquals(Vocabulary.UNK_ID, c.test().sentence(5)[c.test().sentence(5).length - 1]);
        assertTrue(c.vocabulary().contains("rare79"));
    }

    @Test
    void seededShuffleIsDeterministic() {
        TextCorpus.Options o = TextCorpus.Options.defaults(1000).withShuffleSeed(42L);
        TextCorpus a = TextCorpus.build("s", synthetic(100), o), b = TextCorpus.build("s", synthetic(100), o);
        TextCorpus other = TextCorpus.build("s", synthetic(100), o.withShuffleSeed(43L));
        assertEquals(a.vocabulary(), b.vocabulary());
        for (int i = 0; i < a.test().size(); i++) assertArrayEquals(a.test().sentence(i), b.test().sentence(i));
        assertNotEquals(firstTrainSentence(a), firstTrainSentence(other));
        // Not file order: the training split holds some sentence from the last fifth.
        boolean late = false;
        for (int i = 0; i < a.train().size(); i++) {
            List<String> w = a.vocabulary().decode(a.train().sentence(i));
            int id = Integer.parseInt(w.get(w.size() - 1).substring(4));
            late |= id >= 80;
        }
        assertTrue(late);
    }

    @Test
    void lengthFilterAndBadOptions() {
        TextCorpus c = TextCorpus.build("s", synthetic(100), TextCorpus.Options.defaults(1000).withMaxLength(3));
        assertEquals(40, c.dropped()); // lengths 4 and 5 are 2 of every 5 sentences
        assertEquals(3, c.train().maxLength());
        assertThrows(UsageException.class, () -> TextCorpus.Options.defaults(100).withFractions(0.5, 0.5));
        assertThrows(UsageException.class, () -> TextCorpus.Options.defaults(100).withMaxLength(-1));
        UsageException e = assertThrows(UsageException.class,
                () -> TextCorpus.build("s", List.of(List.of()), TextCorpus.Options.defaults(100)));
        assertTrue(e.getMessage().contains("no sentences"), e.getMessage());
    }

    @Test
    void batchesAreShiftedLanguageModelPairs() {
        Vocabulary v = Vocabulary.builder().addAll(List.of("a", "b", "c")).build(10);
        SentenceSet s = new SentenceSet(List.of(v.encode(List.of("a", "b", "c")), v.encode(List.of("c"))));
        Batch b = s.batch(new int[]{1, 0}, DataType.DOUBLE);
        assertArrayEquals(new long[]{2, 4}, b.x().shape());
        assertEquals(DataType.INT, b.x().dataType());
        assertEquals(DataType.DOUBLE, b.mask().dataType());
        int a = v.id("a"), bb = v.id("b"), c = v.id("c");
        assertArrayEquals(new int[]{Vocabulary.BOS_ID, c, 0, 0}, b.x().getRow(0).toIntVector());
        assertArrayEquals(new int[]{c, Vocabulary.EOS_ID, 0, 0}, b.y().getRow(0).toIntVector());
        assertArrayEquals(new double[]{1, 1, 0, 0}, b.mask().getRow(0).toDoubleVector());
        assertArrayEquals(new int[]{Vocabulary.BOS_ID, a, bb, c}, b.x().getRow(1).toIntVector());
        assertArrayEquals(new int[]{a, bb, c, Vocabulary.EOS_ID}, b.y().getRow(1).toIntVector());
        assertEquals(6, b.mask().sumNumber().intValue());
        assertArrayEquals(new long[]{1, 8}, s.withFixedLength(8).batch(new int[]{1}, DataType.FLOAT).x().shape());
        assertThrows(IllegalArgumentException.class, () -> s.withFixedLength(3));
    }

    @Test
    void plainTextLoaderAndBrownTagStripping() throws IOException {
        Path f = Files.writeString(dir.resolve("t.txt"), "The cat  sat .\n\n  A dog\n");
        assertEquals(List.of(List.of("the", "cat", "sat", "."), List.of("a", "dog")), TextLoaders.plainText(f, true));
        assertEquals(List.of("The", "cat", "sat", "."), TextLoaders.plainText(f, false).get(0));
        Path brown = Files.createDirectories(dir.resolve("brown"));
        Files.writeString(brown.resolve("ca01"), "\n\n\tThe/at Fulton/np-tl 1/2/cd ./.\n\n");
        UsageException e = assertThrows(UsageException.class, () -> TextLoaders.brown(brown));
        assertTrue(e.getMessage().contains("holds 1 Brown corpus files, expected 500"), e.getMessage());
        // With 500 files, tags are stripped at the last slash and words lower-cased.
        for (int i = 1; i < 500; i++) Files.writeString(brown.resolve(String.format("c%c%02d", 'b' + i / 100, i % 100)), "x/nn\n");
        List<List<String>> s = TextLoaders.brown(brown);
        assertEquals(500, s.size());
        assertEquals(List.of("the", "fulton", "1/2", "."), s.get(0));
        assertEquals(Arrays.asList("x"), s.get(1));
    }
}
