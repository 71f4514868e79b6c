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
    private final long hidden;

    SentenceEncoder(Scope scope, int vocab, long emb, long hidden) {
        this.embed = new Embedding(scope.child("embed"), vocab, emb, Init.uniform(0.1));
        this.lstm = new Lstm(scope.child("lstm"), emb, hidden);
        this.hidden = hidden;
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
