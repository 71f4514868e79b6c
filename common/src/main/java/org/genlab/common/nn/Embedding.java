package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Token embedding: integer ids of any shape {@code [...]} → {@code [..., dim]} rows of a trainable table W
 * {@code [vocab, dim]} (init N(0, 1), PyTorch's default).
 *
 * <p>Computed as {@code oneHot(ids)·W}, not with gather: SameDiff M2.1's gather backprop writes gradients with
 * assignment instead of accumulation (repeated ids lose contributions, rows get misplaced) and fails outright for
 * some index shapes (see SameDiffBuiltinGradientsTest). The one-hot product costs O(ids·vocab·dim), the same order
 * as a vocabulary-sized output projection.
 */
public final class Embedding {
    private final SDVariable w;
    private final int vocab;
    private final long dim;

    public Embedding(Scope scope, int vocab, long dim) {
        this(scope, vocab, dim, Init.normal(1.0));
    }

    public Embedding(Scope scope, int vocab, long dim, Init init) {
        if (vocab <= 0 || dim <= 0) throw new IllegalArgumentException("Embedding needs positive sizes: " + vocab + " x " + dim);
        this.vocab = vocab;
        this.dim = dim;
        this.w = scope.param("W", init, vocab, dim, vocab, dim);
    }

    /** Ids must be integers in [0, vocab); out-of-range ids give a zero row. */
    public SDVariable apply(SDVariable ids) {
        SameDiff sd = ids.getSameDiff();
        SDVariable oneHot = sd.oneHot(sd.reshape(ids, -1), vocab, -1, 1.0, 0.0, w.dataType());
        return Shapes.likeWithTail(sd, oneHot.mmul(w), ids, dim);
    }

    public SDVariable weight() {
        return w;
    }
}
