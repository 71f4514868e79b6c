package org.genlab.vae.text;

import org.genlab.common.nn.Embedding;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.Lstm;
import org.genlab.common.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The reference's LSTM encoder: embeddings → one LSTM layer → the hidden state at each sentence's last real token.
 * Sentences are right-padded, so the states up to that token do not depend on the padding: the LSTM runs unmasked and
 * the last state is picked with a one-hot [b, T] selector fed from Java (3 ops instead of a 6-op mask per step; the
 * graph is overhead-bound, DL4J_NOTES).
 */
final class SentenceEncoder {
    private final Embedding embed;
    private final Lstm lstm;
    private final long hidden, emb;
    private final int vocab;

    SentenceEncoder(Scope scope, int vocab, long emb, long hidden) {
        this.embed = new Embedding(scope.child("embed"), vocab, emb, Init.uniform(0.1));
        this.lstm = new Lstm(scope.child("lstm"), emb, hidden);
        this.hidden = hidden;
        this.emb = emb;
        this.vocab = vocab;
    }

    long features() {
        return hidden;
    }

    /** ids [b, T] (INT32), last [b, T]: one-hot of each sentence's last real position. */
    SDVariable apply(SDVariable ids, SDVariable last, int steps) {
        SDVariable seq = lstm.apply(embed.apply(ids), steps).sequence();
        var sd = ids.getSameDiff();
        return seq.mul(sd.expandDims(last, 2)).sum(1);
    }

    /**
     * The same features with embeddings computed for the N real tokens only ({@link RealTokens}: ids [N], sel
     * [N, b·T]) and scattered to [b, T] by Pᵀ; padding gets zero inputs, which cannot change the state at a
     * right-padded sentence's last real token.
     */
    SDVariable applyRealTokens(SDVariable realIds, SDVariable sel, SDVariable last, int steps) {
        var sd = realIds.getSameDiff();
        SDVariable w = embed.weight();
        SDVariable eReal = sd.oneHot(realIds, vocab, -1, 1.0, 0.0, w.dataType()).mmul(w);
        SDVariable e = sd.reshape(sd.mmul(sel, eReal, true, false, false), -1, steps, emb);
        SDVariable seq = lstm.apply(e, steps).sequence();
        return seq.mul(sd.expandDims(last, 2)).sum(1);
    }

    /** The one-hot selector of the last real position from a [b, T] 0/1 mask of right-padded sentences. */
    static org.nd4j.linalg.api.ndarray.INDArray lastPosition(org.nd4j.linalg.api.ndarray.INDArray mask) {
        float[][] m = mask.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
        float[][] out = new float[m.length][m.length == 0 ? 0 : m[0].length];
        for (int i = 0; i < m.length; i++) {
            int last = 0;
            for (int t = 0; t < m[i].length; t++) if (m[i][t] > 0) last = t;
            out[i][last] = 1;
        }
        return org.nd4j.linalg.factory.Nd4j.createFromArray(out).castTo(mask.dataType());
    }
}
