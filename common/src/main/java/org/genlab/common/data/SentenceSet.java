package org.genlab.common.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * One split of a text corpus: sentences as token ids (no {@code <bos>}/{@code <eos>}). A batch is the language-model
 * pair x = {@code <bos>} w₁…wₙ, y = w₁…wₙ {@code <eos>} (INT32 ids, since embedding lookups need integer indices),
 * padded with {@code <pad>} to T = longest sentence + 1 (or a fixed T), and mask (in the requested type) 1 on the
 * n + 1 real positions.
 */
public final class SentenceSet implements BatchSource {
    private final List<int[]> sentences;
    private final int fixedLength;

    /** @param fixedLength pad every batch to this T (0: to the batch's longest sentence + 1) */
    public SentenceSet(List<int[]> sentences, int fixedLength) {
        this.sentences = List.copyOf(sentences);
        this.fixedLength = fixedLength;
        if (fixedLength > 0) {
            for (int[] s : sentences) {
                if (s.length + 1 > fixedLength) {
                    throw new IllegalArgumentException("a sentence of " + s.length + " tokens does not fit length " + fixedLength);
                }
            }
        }
    }

    public SentenceSet(List<int[]> sentences) {
        this(sentences, 0);
    }

    /** The same sentences, batched to a fixed T (fixed shapes avoid re-planning a graph for every length). */
    public SentenceSet withFixedLength(int t) {
        return new SentenceSet(sentences, t);
    }

    @Override
    public int size() {
        return sentences.size();
    }

    public int[] sentence(int i) {
        return sentences.get(i).clone();
    }

    public List<int[]> sentences() {
        return sentences;
    }

    /** Tokens over all sentences, without {@code <eos>}. */
    public long tokenCount() {
        long n = 0;
        for (int[] s : sentences) n += s.length;
        return n;
    }

    public int maxLength() {
        int m = 0;
        for (int[] s : sentences) m = Math.max(m, s.length);
        return m;
    }

    @Override
    public Batch batch(int[] indices, DataType dtype) {
        int t = fixedLength;
        if (t == 0) {
            for (int i : indices) t = Math.max(t, sentences.get(i).length + 1);
        }
        int b = indices.length;
        int[] x = new int[b * t], y = new int[b * t];
        float[] mask = new float[b * t];
        for (int k = 0; k < b; k++) {
            int[] s = sentences.get(indices[k]);
            int row = k * t;
            x[row] = Vocabulary.BOS_ID;
            for (int j = 0; j < s.length; j++) {
                x[row + j + 1] = s[j];
                y[row + j] = s[j];
            }
            y[row + s.length] = Vocabulary.EOS_ID;
            for (int j = 0; j <= s.length; j++) mask[row + j] = 1f;
            // the rest stays 0 = <pad>
        }
        long[] shape = {b, t};
        INDArray m = Nd4j.create(mask, shape, 'c');
        return new Batch(Nd4j.createFromArray(x).reshape(shape), Nd4j.createFromArray(y).reshape(shape),
                dtype == DataType.FLOAT ? m : m.castTo(dtype), null, indices.clone());
    }
}
