package org.genlab.common.data;

import org.genlab.common.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class VocabularyTest {
    @TempDir
    Path dir;

    /** "the"×5, "cat"×3, "sat"×3, "a"×3, "mat"×1, "on"×1 */
    private static List<String> tokens() {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < 5; i++) t.add("the");
        for (String w : List.of("cat", "sat", "a")) for (int i = 0; i < 3; i++) t.add(w);
        t.add("mat");
        t.add("on");
        t.add(Vocabulary.UNK); // a literal special in the text is not counted as a word
        return t;
    }

    @Test
    void ordersByCountThenAlphabeticallyWhateverTheInputOrder() {
        List<String> t = tokens();
        Vocabulary v = Vocabulary.builder().addAll(t).build(Integer.MAX_VALUE);
        assertEquals(List.of("<pad>", "<unk>", "<bos>", "<eos>", "the", "a", "cat", "sat", "mat", "on"), v.tokens());
        assertEquals(5, v.count(4));
        assertEquals(0, v.count(Vocabulary.UNK_ID));
        Collections.shuffle(t, new Random(4));
        assertEquals(v, Vocabulary.builder().addAll(t).build(Integer.MAX_VALUE));
    }

    @Test
    void capsAndMinCount() {
        Vocabulary capped = Vocabulary.builder().addAll(tokens()).build(6);
        assertEquals(List.of("<pad>", "<unk>", "<bos>", "<eos>", "the", "a"), capped.tokens());
        assertEquals(Vocabulary.UNK_ID, capped.id("cat"));
        Vocabulary frequent = Vocabulary.builder().addAll(tokens()).build(100, 3);
        assertEquals(8, frequent.size());
        assertFalse(frequent.contains("mat"));
        assertThrows(UsageException.class, () -> Vocabulary.builder().build(3));
    }

    @Test
    void encodeDecodeAndCoverage() {
        Vocabulary v = Vocabulary.builder().addAll(tokens()).build(8);
        int[] ids = v.encode(List.of("the", "cat", "sat", "on", "the", "mat"));
        assertArrayEquals(new int[]{4, 6, 7, 1, 4, 1}, ids);
        assertEquals(List.of("the", "cat", "sat", "<unk>", "the", "<unk>"), v.decode(ids));
        assertEquals("the cat <unk>", v.decodeText(new int[]{2, 4, 6, 1, 3, 5, 5, 0}));
        assertEquals(4.0 / 6, v.coverage(List.of(List.of("the", "cat", "sat", "on", "the", "mat"))), 1e-12);
    }

    @Test
    void saveLoadRoundTripAndBadFiles() throws IOException {
        Vocabulary v = Vocabulary.builder().addAll(tokens()).addAll(List.of("naïve", "x,y")).build(1000);
        Path f = dir.resolve("sub/vocab.txt");
        v.save(f);
        Vocabulary back = Vocabulary.load(f);
        assertEquals(v, back);
        assertEquals(v.id("naïve"), back.id("naïve"));
        Files.writeString(dir.resolve("bad.txt"), "hello\n");
        assertTrue(assertThrows(UsageException.class, () -> Vocabulary.load(dir.resolve("bad.txt"))).getMessage()
                .contains("not a genlab vocabulary"));
        Files.writeString(dir.resolve("nospecial.txt"), "#genlab-vocabulary v1\nthe\t5\n");
        assertThrows(UsageException.class, () -> Vocabulary.load(dir.resolve("nospecial.txt")));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.builder().add("a\tb"));
    }
}
