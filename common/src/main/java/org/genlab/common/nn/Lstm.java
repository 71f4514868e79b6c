package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Single-layer LSTM unrolled over a fixed number of steps from matmul + sigmoid/tanh, PyTorch's cell:
 * {@code [i f g o] = x·Wx + h·Wh + b; c' = σ(f)⊙c + σ(i)⊙tanh(g); h' = σ(o)⊙tanh(c')}. Parameters "Wx"
 * {@code [in, 4h]}, "Wh" {@code [h, 4h]}, "b" {@code [4h]}, gate blocks in the order i, f, g, o, all U(±1/√h).
 *
 * <p>Why not {@code sd.rnn().lstmLayer}: in M2.1 its backprop matches finite differences only when no initial
 * state is given; with initial (h, c) inputs the weight gradients are wrong (measured, see
 * SameDiffBuiltinGradientsTest). A VAE decoder conditioned through its initial state needs exactly that case.
 *
 * <p>Variable lengths: an optional mask {@code [n, T]} (1 = real step, 0 = padding) freezes the state on padded
 * steps ({@code h ← m·h' + (1−m)·h}) and zeroes their outputs, so for right-padded sequences the last state is the
 * state after each sequence's own last token (like PyTorch's packed sequences).
 */
public final class Lstm {
    /** Hidden states of all steps {@code [n, T, h]} and the final state. */
    public record Output(SDVariable sequence, SDVariable lastH, SDVariable lastC) {
    }

    private final SDVariable wx;
    private final SDVariable wh;
    private final SDVariable b;
    private final long in;
    private final long hidden;

    public Lstm(Scope scope, long in, long hidden) {
        if (in <= 0 || hidden <= 0) throw new IllegalArgumentException("Lstm needs positive sizes: " + in + ", " + hidden);
        this.in = in;
        this.hidden = hidden;
        Init init = Init.uniform(1.0 / Math.sqrt(hidden));
        this.wx = scope.param("Wx", init, in, 4 * hidden, in, 4 * hidden);
        this.wh = scope.param("Wh", init, hidden, 4 * hidden, hidden, 4 * hidden);
        this.b = scope.param("b", init, hidden, 4 * hidden, 4 * hidden);
    }

    /**
     * Runs over {@code x [n, steps, in]}. h0, c0 ({@code [n, h]}) and mask ({@code [n, steps]}, same float type as x)
     * may each be null: zero initial state, no padding.
     */
    public Output apply(SDVariable x, int steps, SDVariable h0, SDVariable c0, SDVariable mask) {
        SameDiff sd = x.getSameDiff();
        List<SDVariable> xs = Arrays.asList(sd.unstack(x, 1, steps));
        List<SDVariable> ms = null;
        if (mask != null) {
            ms = new ArrayList<>();
            for (SDVariable m : sd.unstack(mask, 1, steps)) ms.add(sd.reshape(m, -1, 1));
        }
        return apply(xs, h0, c0, ms);
    }

    public Output apply(SDVariable x, int steps) {
        return apply(x, steps, null, null, null);
    }

    /** Runs over per-step inputs {@code [n, in]}; masks, if given, are {@code [n, 1]} per step. */
    public Output apply(List<SDVariable> xs, SDVariable h0, SDVariable c0, List<SDVariable> masks) {
        if (xs.isEmpty()) throw new IllegalArgumentException("Lstm needs at least one step");
        if (masks != null && masks.size() != xs.size()) throw new IllegalArgumentException("one mask per step needed");
        SameDiff sd = xs.get(0).getSameDiff();
        SDVariable h = h0, c = c0;
        List<SDVariable> outs = new ArrayList<>();
        for (int t = 0; t < xs.size(); t++) {
            SDVariable[] hc = step(xs.get(t), h, c);
            SDVariable hNew = hc[0], cNew = hc[1];
            if (masks != null) {
                SDVariable m = masks.get(t);
                SDVariable keep = m.rsub(1.0);
                outs.add(hNew.mul(m));
                // A null previous state is zero, so the frozen state on padding is zero as well.
                hNew = h == null ? hNew.mul(m) : hNew.mul(m).add(h.mul(keep));
                cNew = c == null ? cNew.mul(m) : cNew.mul(m).add(c.mul(keep));
            } else {
                outs.add(hNew);
            }
            h = hNew;
            c = cNew;
        }
        return new Output(sd.stack(1, outs.toArray(new SDVariable[0])), h, c);
    }

    /** One cell step; h or c null means a zero state. Returns {h', c'}. */
    public SDVariable[] step(SDVariable x, SDVariable h, SDVariable c) {
        SameDiff sd = x.getSameDiff();
        SDVariable z = x.mmul(wx).add(b);
        if (h != null) z = z.add(h.mmul(wh));
        SDVariable[] gates = sd.split(z, 4, 1);
        SDVariable i = sd.nn().sigmoid(gates[0]);
        SDVariable f = sd.nn().sigmoid(gates[1]);
        SDVariable g = sd.math().tanh(gates[2]);
        SDVariable o = sd.nn().sigmoid(gates[3]);
        SDVariable cNew = c == null ? i.mul(g) : f.mul(c).add(i.mul(g));
        SDVariable hNew = o.mul(sd.math().tanh(cNew));
        return new SDVariable[]{hNew, cNew};
    }

    public long inputSize() {
        return in;
    }

    public long hiddenSize() {
        return hidden;
    }
}
