package org.genlab.common.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.genlab.common.data.RealImageDataTest.assumeInstalled;
import static org.junit.jupiter.api.Assertions.*;

/** Text loader checks against the real Brown corpus and raw_sentences.txt; skipped when not installed. */
class RealTextDataTest {
    private static final DataPaths PATHS = DataPaths.defaults();

    @Test
    void brown() {
        assumeInstalled(Datasets.BROWN);
        long t0 = System.nanoTime();
        List<List<String>> s = Datasets.sentences(Datasets.BROWN, PATHS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(57_340, s.size());
        long tokens = s.stream().mapToLong(List::size).sum();
        assertEquals(1_161_192, tokens); // DATA.md: 1.16 M
        assertEquals(List.of("the", "fulton", "county", "grand", "jury", "said", "friday", "an", "investigation", "of"),
                s.get(0).subList(0, 10));
        assertTrue(s.get(0).contains("atlanta's"), "tag stripped from Atlanta's/np$");
        assertTrue(s.get(0).contains("``"), "quote tokens kept: ``/``");
        Vocabulary v = Vocabulary.builder().addSentences(s).build(10_000 + Vocabulary.SPECIALS.size());
        double coverage = v.coverage(s);
        assertEquals(0.929, coverage, 1e-3); // DATA.md: 10k words cover 92.9 %
        System.out.printf("Brown loaded in %.2f s, 10k coverage %.4f%n", seconds, coverage);
    }

    @Test
    void rawSentences() {
        assumeInstalled(Datasets.SENTENCES);
        long t0 = System.nanoTime();
        List<List<String>> s = Datasets.sentences(Datasets.SENTENCES, PATHS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(97_162, s.size());
        Set<String> words = new HashSet<>();
        s.forEach(words::addAll);
        assertEquals(250, words.size());
        long t1 = System.nanoTime();
        TextCorpus c = TextCorpus.build("sentences", s, TextCorpus.Options.defaults(1000).withShuffleSeed(1L));
        System.out.printf("raw_sentences loaded in %.2f s, corpus built in %.2f s%n", seconds, (System.nanoTime() - t1) / 1e9);
        assertEquals(254, c.vocabulary().size()); // all 250 words appear in the 80 % training split
        assertEquals(97_162, c.train().size() + c.valid().size() + c.test().size());
        for (SentenceSet split : List.of(c.valid(), c.test())) {
            for (int[] ids : split.sentences()) for (int id : ids) assertNotEquals(Vocabulary.UNK_ID, id);
        }
    }
}
