package org.genlab.common.data;

import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * A tokenised corpus split into train/valid/test {@link SentenceSet}s, with a {@link Vocabulary} built from the
 * training split only (so valid/test words it never saw become {@code <unk>}, as in held-out evaluation).
 * Empty sentences and those longer than {@code maxLength} tokens are dropped first. The split takes the sentences
 * in file order, or in an order shuffled by {@code shuffleSeed}: both are deterministic.
 */
public final class TextCorpus {
    /**
     * @param maxLength     longest sentence kept, in tokens (0: no limit)
     * @param maxVocab      vocabulary size including the 4 specials
     * @param minCount      rarer training tokens become {@code <unk>}
     * @param validFraction fraction of the kept sentences for validation
     * @param testFraction  fraction for test
     * @param shuffleSeed   shuffle before splitting with this seed; null keeps file order
     */
    public record Options(int maxLength, int maxVocab, long minCount, double validFraction, double testFraction,
                          Long shuffleSeed) {
        public Options {
            if (maxLength < 0) throw new UsageException("max sentence length must be >= 0 (0: no limit), got " + maxLength);
            if (validFraction < 0 || testFraction < 0 || validFraction + testFraction >= 1) {
                throw new UsageException("valid and test fractions must be >= 0 and sum to less than 1, got "
                        + validFraction + " and " + testFraction);
            }
        }

        /** 80/10/10 in file order, no length limit, vocabulary capped at {@code maxVocab}. */
        public static Options defaults(int maxVocab) {
            return new Options(0, maxVocab, 1, 0.1, 0.1, null);
        }

        public Options withMaxLength(int n) {
            return new Options(n, maxVocab, minCount, validFraction, testFraction, shuffleSeed);
        }

        public Options withShuffleSeed(Long seed) {
            return new Options(maxLength, maxVocab, minCount, validFraction, testFraction, seed);
        }

        public Options withFractions(double valid, double test) {
            return new Options(maxLength, maxVocab, minCount, valid, test, shuffleSeed);
        }
    }

    private final String name;
    private final Vocabulary vocabulary;
    private final SentenceSet train, valid, test;
    private final int dropped;

    private TextCorpus(String name, Vocabulary vocabulary, SentenceSet train, SentenceSet valid, SentenceSet test, int dropped) {
        this.name = name;
        this.vocabulary = vocabulary;
        this.train = train;
        this.valid = valid;
        this.test = test;
        this.dropped = dropped;
    }

    public static TextCorpus build(String name, List<List<String>> sentences, Options o) {
        List<List<String>> kept = new ArrayList<>(sentences.size());
        int dropped = 0;
        for (List<String> s : sentences) {
            if (s.isEmpty() || (o.maxLength() > 0 && s.size() > o.maxLength())) dropped++;
            else kept.add(s);
        }
        int n = kept.size();
        if (n == 0) throw new UsageException("corpus '" + name + "' has no sentences left after the length filter");
        if (o.shuffleSeed() != null) {
            int[] perm = new Rng(o.shuffleSeed()).permutation(n);
            List<List<String>> shuffled = new ArrayList<>(n);
            for (int i : perm) shuffled.add(kept.get(i));
            kept = shuffled;
        }
        int nValid = (int) Math.round(n * o.validFraction()), nTest = (int) Math.round(n * o.testFraction());
        int nTrain = n - nValid - nTest;
        if (nTrain <= 0) throw new UsageException("corpus '" + name + "' has only " + n + " sentences; nothing left for training");
        List<List<String>> trainTok = kept.subList(0, nTrain);
        Vocabulary vocab = Vocabulary.builder().addSentences(trainTok).build(o.maxVocab(), o.minCount());
        return new TextCorpus(name, vocab, encode(vocab, trainTok), encode(vocab, kept.subList(nTrain, nTrain + nValid)),
                encode(vocab, kept.subList(nTrain + nValid, n)), dropped);
    }

    private static SentenceSet encode(Vocabulary v, List<List<String>> sentences) {
        List<int[]> ids = new ArrayList<>(sentences.size());
        for (List<String> s : sentences) ids.add(v.encode(s));
        return new SentenceSet(ids);
    }

    public String name() {
        return name;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public SentenceSet train() {
        return train;
    }

    public SentenceSet valid() {
        return valid;
    }

    public SentenceSet test() {
        return test;
    }

    /** Sentences removed by the empty/length filter. */
    public int dropped() {
        return dropped;
    }
}
