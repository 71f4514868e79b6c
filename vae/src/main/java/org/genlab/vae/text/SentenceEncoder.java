package org.genlab.vae.text;

import org.genlab.common.nn.Embedding;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.Lstm;
import org.genlab.common.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The reference's LSTM encoder: embeddings → one LSTM layer → the last hidden state of each sentence (the time mask
 * freezes the state on padding, so right-padded sentences end on their own last token).
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

    SDVariable apply(SDVariable ids, SDVariable mask, int steps) {
        return lstm.apply(embed.apply(ids), steps, null, null, mask).lastH();
    }
}
