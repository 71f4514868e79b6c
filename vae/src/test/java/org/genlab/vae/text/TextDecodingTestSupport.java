package org.genlab.vae.text;

import org.genlab.common.data.Vocabulary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

/** log p(sentence + &lt;eos&gt; | z) accumulated with the model's one-step decoding graph. */
final class TextDecodingTestSupport {
    private TextDecodingTestSupport() {
    }

    static double sequenceLogProb(TextVae m, int[] sentence, double[] z) {
        INDArray zArr = Nd4j.createFromArray(new double[][]{z}).castTo(m.dtype());
        INDArray h, c;
        if (m.hasInitState()) {
            Map<String, INDArray> o = m.graph().sd().output(m.graph().feeds(Map.of(TextVae.ST_Z, zArr), false), TextVae.INIT_H, TextVae.INIT_C);
            h = o.get(TextVae.INIT_H);
            c = o.get(TextVae.INIT_C);
        } else {
            h = Nd4j.zeros(m.dtype(), 1, m.hidden());
            c = Nd4j.zeros(m.dtype(), 1, m.hidden());
        }
        double total = 0;
        int prev = Vocabulary.BOS_ID;
        for (int t = 0; t <= sentence.length; t++) {
            int target = t < sentence.length ? sentence[t] : Vocabulary.EOS_ID;
            Map<String, INDArray> f = new HashMap<>();
            f.put(TextVae.ST_TOK, Nd4j.createFromArray(new int[]{prev}));
            f.put(TextVae.ST_H, h);
            f.put(TextVae.ST_C, c);
            f.put(TextVae.ST_Z, zArr);
            Map<String, INDArray> o = m.graph().sd().output(m.graph().feeds(f, false), TextVae.ST_LOGP, TextVae.ST_H_OUT, TextVae.ST_C_OUT);
            total += o.get(TextVae.ST_LOGP).castTo(DataType.DOUBLE).getDouble(0, target);
            h = o.get(TextVae.ST_H_OUT);
            c = o.get(TextVae.ST_C_OUT);
            prev = target;
        }
        return total;
    }
}
