package org.genlab.vae.text;

import org.genlab.common.UsageException;
import org.genlab.common.data.Vocabulary;
import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoding sentences from latent codes with the model's one-step graph: greedy (argmax), sampling from
 * softmax(logits/T), or beam search (width B, hypotheses ranked by total log-probability; a hypothesis ends at
 * {@code <eos>} or at the maximum length). {@code <pad>} and {@code <bos>} are never produced.
 */
final class TextDecoding {
    enum Mode { GREEDY, SAMPLE, BEAM }

    private final Mode mode;
    private final double temperature;
    private final int beam;

    TextDecoding(Mode mode, double temperature, int beam) {
        this.mode = mode;
        this.temperature = temperature;
        this.beam = beam;
    }

    static TextDecoding greedy() {
        return new TextDecoding(Mode.GREEDY, 1, 1);
    }

    /** From sample options "decode", "temperature", "beam", with one-line errors for bad values. */
    static TextDecoding fromOptions(Map<String, String> o) {
        String d = o.getOrDefault("decode", "greedy");
        Mode mode = switch (d) {
            case "greedy" -> Mode.GREEDY;
            case "sample" -> Mode.SAMPLE;
            case "beam" -> Mode.BEAM;
            default -> throw new UsageException("--decode must be greedy, sample or beam, got '" + d + "'");
        };
        double t;
        int b;
        try {
            t = Double.parseDouble(o.getOrDefault("temperature", "1.0"));
            b = Integer.parseInt(o.getOrDefault("beam", "5"));
        } catch (NumberFormatException e) {
            throw new UsageException("--temperature must be a number and --beam an integer: " + e.getMessage());
        }
        if (!(t > 0) || Double.isInfinite(t)) throw new UsageException("--temperature must be > 0, got " + t);
        if (b < 1 || b > 100) throw new UsageException("--beam must be in 1..100, got " + b);
        return new TextDecoding(mode, t, b);
    }

    String describe() {
        return switch (mode) {
            case GREEDY -> "greedy";
            case SAMPLE -> "sampling, temperature " + temperature;
            case BEAM -> "beam search, width " + beam;
        };
    }

    /** Token ids (without specials) of one sentence per row of z. */
    List<int[]> decode(TextVae m, double[][] z, Rng rng) {
        if (mode == Mode.BEAM) {
            List<int[]> out = new ArrayList<>();
            for (double[] row : z) out.add(beam(m, row));
            return out;
        }
        int n = z.length;
        INDArray zArr = Nd4j.createFromArray(z).castTo(m.dtype());
        INDArray[] hc = initial(m, zArr, n);
        int[] tok = new int[n];
        java.util.Arrays.fill(tok, Vocabulary.BOS_ID);
        List<List<Integer>> seqs = new ArrayList<>();
        for (int i = 0; i < n; i++) seqs.add(new ArrayList<>());
        boolean[] done = new boolean[n];
        for (int t = 0; t < m.steps(); t++) {
            Map<String, INDArray> out = step(m, tok, hc[0], hc[1], zArr);
            double[][] logp = out.get(TextVae.ST_LOGP).castTo(DataType.DOUBLE).toDoubleMatrix();
            hc = new INDArray[]{out.get(TextVae.ST_H_OUT), out.get(TextVae.ST_C_OUT)};
            boolean all = true;
            for (int i = 0; i < n; i++) {
                if (done[i]) continue;
                int next = mode == Mode.GREEDY ? argmax(logp[i]) : sample(logp[i], temperature, rng);
                if (next == Vocabulary.EOS_ID) done[i] = true;
                else seqs.get(i).add(next);
                tok[i] = next;
                all &= done[i];
            }
            if (all) break;
        }
        List<int[]> res = new ArrayList<>();
        for (List<Integer> s : seqs) res.add(s.stream().mapToInt(Integer::intValue).toArray());
        return res;
    }

    private static INDArray[] initial(TextVae m, INDArray z, int n) {
        if (!m.hasInitState()) {
            INDArray zero = Nd4j.zeros(m.dtype(), n, m.hidden());
            return new INDArray[]{zero, zero.dup()};
        }
        Map<String, INDArray> o = m.graph().sd().output(m.graph().feeds(Map.of(TextVae.ST_Z, z), false), TextVae.INIT_H, TextVae.INIT_C);
        return new INDArray[]{o.get(TextVae.INIT_H), o.get(TextVae.INIT_C)};
    }

    private static Map<String, INDArray> step(TextVae m, int[] tok, INDArray h, INDArray c, INDArray z) {
        Map<String, INDArray> f = new HashMap<>();
        f.put(TextVae.ST_TOK, Nd4j.createFromArray(tok));
        f.put(TextVae.ST_H, h);
        f.put(TextVae.ST_C, c);
        f.put(TextVae.ST_Z, z);
        return m.graph().sd().output(m.graph().feeds(f, false), TextVae.ST_LOGP, TextVae.ST_H_OUT, TextVae.ST_C_OUT);
    }

    private static boolean forbidden(int id) {
        return id == Vocabulary.PAD_ID || id == Vocabulary.BOS_ID;
    }

    static int argmax(double[] logp) {
        int best = -1;
        for (int v = 0; v < logp.length; v++) if (!forbidden(v) && (best < 0 || logp[v] > logp[best])) best = v;
        return best;
    }

    static int sample(double[] logp, double temperature, Rng rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < logp.length; v++) if (!forbidden(v)) max = Math.max(max, logp[v] / temperature);
        double[] p = new double[logp.length];
        double sum = 0;
        for (int v = 0; v < logp.length; v++) {
            p[v] = forbidden(v) ? 0 : Math.exp(logp[v] / temperature - max);
            sum += p[v];
        }
        double u = rng.nextDouble() * sum, acc = 0;
        for (int v = 0; v < p.length; v++) {
            acc += p[v];
            if (u < acc && p[v] > 0) return v;
        }
        return argmax(logp);
    }

    private record Hyp(List<Integer> tokens, double logp, int row) {
    }

    private int[] beam(TextVae m, double[] z) {
        int b = beam;
        double[][] zr = new double[b][];
        for (int i = 0; i < b; i++) zr[i] = z;
        INDArray zArr = Nd4j.createFromArray(zr).castTo(m.dtype());
        INDArray[] hc = initial(m, zArr, b);
        List<Hyp> alive = new ArrayList<>(List.of(new Hyp(List.of(), 0, 0)));
        List<Hyp> finished = new ArrayList<>();
        for (int t = 0; t < m.steps() && !alive.isEmpty(); t++) {
            int[] tok = new int[b];
            for (int i = 0; i < b; i++) {
                Hyp h = alive.get(Math.min(i, alive.size() - 1));
                tok[i] = h.tokens().isEmpty() ? Vocabulary.BOS_ID : h.tokens().get(h.tokens().size() - 1);
            }
            // reorder the state rows to follow the alive hypotheses
            int[] rows = new int[b];
            for (int i = 0; i < b; i++) rows[i] = alive.get(Math.min(i, alive.size() - 1)).row();
            INDArray h = hc[0].getRows(rows), c = hc[1].getRows(rows);
            Map<String, INDArray> out = step(m, tok, h, c, zArr);
            double[][] logp = out.get(TextVae.ST_LOGP).castTo(DataType.DOUBLE).toDoubleMatrix();
            hc = new INDArray[]{out.get(TextVae.ST_H_OUT), out.get(TextVae.ST_C_OUT)};
            List<Hyp> cand = new ArrayList<>();
            for (int i = 0; i < alive.size(); i++) {
                int[] top = topK(logp[i], b);
                for (int v : top) {
                    List<Integer> toks = new ArrayList<>(alive.get(i).tokens());
                    toks.add(v);
                    cand.add(new Hyp(toks, alive.get(i).logp() + logp[i][v], i));
                }
            }
            cand.sort((x, y) -> Double.compare(y.logp(), x.logp()));
            List<Hyp> next = new ArrayList<>();
            for (Hyp hyp : cand) {
                if (next.size() >= b) break;
                int last = hyp.tokens().get(hyp.tokens().size() - 1);
                if (last == Vocabulary.EOS_ID) finished.add(new Hyp(hyp.tokens().subList(0, hyp.tokens().size() - 1), hyp.logp(), -1));
                else next.add(hyp);
            }
            alive = next;
            double bestDone = finished.stream().mapToDouble(Hyp::logp).max().orElse(Double.NEGATIVE_INFINITY);
            if (!alive.isEmpty() && alive.get(0).logp() < bestDone) break; // log-probs only fall: nothing alive can win
        }
        if (finished.isEmpty()) finished.addAll(alive);
        Hyp best = finished.stream().max((x, y) -> Double.compare(x.logp(), y.logp())).orElseThrow();
        return best.tokens().stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] topK(double[] logp, int k) {
        List<Integer> ids = new ArrayList<>();
        for (int v = 0; v < logp.length; v++) if (!forbidden(v)) ids.add(v);
        ids.sort((x, y) -> Double.compare(logp[y], logp[x]));
        return ids.subList(0, Math.min(k, ids.size())).stream().mapToInt(Integer::intValue).toArray();
    }
}
