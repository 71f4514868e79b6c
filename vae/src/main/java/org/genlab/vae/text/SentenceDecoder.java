package org.genlab.vae.text;

import org.genlab.common.math.LogSumExp;
import org.genlab.common.nn.Embedding;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.Linear;
import org.genlab.common.nn.Lstm;
import org.genlab.common.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.ArrayList;
import java.util.List;

/**
 * The LSTM decoder of the BN-VAE reference (He et al.'s LSTMDecoder, MATH.md §2.4): word embeddings, z concatenated
 * to every input and/or the initial state c₀ = W_z z (no bias), h₀ = tanh(c₀), one LSTM layer, and a bias-free
 * projection to the vocabulary. Dropout on the input embeddings and on the LSTM outputs is applied through masks
 * fed from Java (no random ops in graphs).
 */
final class SentenceDecoder {
    private final Embedding embed;
    private final Linear init;
    private final Lstm lstm;
    private final Linear out;
    private final boolean zInit, zInput;
    private final long emb, hidden, zDim;
    private final int vocab;

    SentenceDecoder(Scope scope, int vocab, long emb, long hidden, long zDim, boolean zInit, boolean zInput) {
        this.vocab = vocab;
        this.emb = emb;
        this.hidden = hidden;
        this.zDim = zDim;
        this.zInit = zInit;
        this.zInput = zInput;
        this.embed = new Embedding(scope.child("embed"), vocab, emb, Init.uniform(0.1));
        this.init = zInit ? new Linear(scope.child("init"), zDim, hidden, false) : null;
        this.lstm = new Lstm(scope.child("lstm"), emb + (zInput ? zDim : 0), hidden);
        this.out = new Linear(scope.child("out"), hidden, vocab, false);
    }

    long hidden() {
        return hidden;
    }

    /** Initial (h, c) from z: (tanh(W z), W z), or null (zero state) when z is not in the initial state. */
    SDVariable[] initialState(SDVariable z) {
        if (init == null) return new SDVariable[]{null, null};
        SDVariable c0 = init.apply(z);
        return new SDVariable[]{z.getSameDiff().math().tanh(c0), c0};
    }

    /**
     * Teacher-forced −log p(targets | inputs, z) per sentence over all b·T positions (the straightforward masked form,
     * kept as the reference the tests compare {@link #negLogLikRealTokens} with): ids and targets [b, T] (INT32), mask [b, T] (1 on real
     * positions); dropIn [b, T, emb] and dropOut [b, T, hidden] are inverted-dropout masks or null.
     */
    SDVariable negLogLik(SDVariable ids, SDVariable targets, SDVariable mask, SDVariable z, int steps,
                         SDVariable dropIn, SDVariable dropOut) {
        SameDiff sd = z.getSameDiff();
        SDVariable e = embed.apply(ids);
        SDVariable seq = teacherForced(e, z, steps, dropIn, dropOut);
        SDVariable flat = sd.reshape(seq, -1, hidden);
        SDVariable logits = out.apply(flat);
        SDVariable logp = logits.sub(LogSumExp.lse(sd, logits, 1, true));
        SDVariable oneHot = sd.oneHot(sd.reshape(targets, -1), vocab, -1, 1.0, 0.0, logits.dataType());
        SDVariable nll = logp.mul(oneHot).sum(1).neg();
        return sd.reshape(nll, sd.shape(mask)).mul(mask).sum(1);
    }

    /** The LSTM over input embeddings e [b, T, emb] (z appended to each step when zInput), with dropout: [b, T, hidden]. */
    private SDVariable teacherForced(SDVariable e, SDVariable z, int steps, SDVariable dropIn, SDVariable dropOut) {
        SameDiff sd = z.getSameDiff();
        if (dropIn != null) e = e.mul(dropIn);
        List<SDVariable> xs = new ArrayList<>();
        for (SDVariable et : sd.unstack(e, 1, steps)) xs.add(zInput ? sd.concat(1, et, z) : et);
        SDVariable[] s0 = initialState(z);
        SDVariable seq = lstm.apply(xs, s0[0], s0[1], null).sequence();
        return dropOut == null ? seq : seq.mul(dropOut);
    }

    /**
     * The same −log p(targets | inputs, z) per sentence, with the vocabulary-sized work done on the N real tokens only
     * ({@link RealTokens}): input embeddings oneHot(inIds)·W for N rows, scattered to [b·T] by Pᵀ (padding inputs
     * become zero rows, which cannot affect real outputs of a right-padded sequence); the projection and log-softmax
     * on the N picked states P·H in one matmul; nll = lse(logits) − logit[target], no [N, V] log-probabilities; the
     * lse's max is a stop-gradient constant (its gradient terms cancel anyway), which drops the max's backprop.
     * inIds, targetIds [N] INT32, sel [N, b·T].
     */
    SDVariable negLogLikRealTokens(SDVariable inIds, SDVariable targetIds, SDVariable sel, SDVariable z, int steps,
                                   SDVariable dropIn, SDVariable dropOut) {
        SameDiff sd = z.getSameDiff();
        SDVariable eReal = sd.oneHot(inIds, vocab, -1, 1.0, 0.0, z.dataType()).mmul(embed.weight());
        SDVariable e = sd.reshape(sd.mmul(sel, eReal, true, false, false), -1, steps, emb);
        SDVariable seq = teacherForced(e, z, steps, dropIn, dropOut);
        SDVariable picked = sel.mmul(sd.reshape(seq, -1, hidden));
        SDVariable logits = out.apply(picked);
        SDVariable m = org.genlab.vae.posterior.Graphs.stop(logits.max(true, 1));
        SDVariable lse = sd.math().log(sd.math().exp(logits.sub(m)).sum(true, 1)).add(m);
        SDVariable target = logits.mul(sd.oneHot(targetIds, vocab, -1, 1.0, 0.0, logits.dataType())).sum(true, 1);
        SDVariable perPosition = sd.mmul(sel, lse.sub(target), true, false, false);
        return sd.reshape(perPosition, -1, steps).sum(1);
    }

    /** One decoding step: token ids [n], state (h, c) [n, hidden] (h, c may be null = zero), z [n, zDim]. */
    SDVariable[] step(SDVariable tokens, SDVariable h, SDVariable c, SDVariable z) {
        SameDiff sd = z.getSameDiff();
        SDVariable e = embed.apply(tokens);
        SDVariable x = zInput ? sd.concat(1, e, z) : e;
        SDVariable[] hc = lstm.step(x, h, c);
        SDVariable logits = out.apply(hc[0]);
        SDVariable logp = logits.sub(LogSumExp.lse(sd, logits, 1, true));
        return new SDVariable[]{logp, hc[0], hc[1]};
    }
}
