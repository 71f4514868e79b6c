package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/** Fully connected layer {@code y = x·W + b} on {@code [n, in]} inputs; W is {@code [in, out]}, b is {@code [out]}. */
public final class Linear implements Module {
    private final SDVariable w;
    private final SDVariable b;
    private final long in;
    private final long out;

    /** PyTorch's default initialisation: W and b uniform in ±1/√in. */
    public Linear(Scope scope, long in, long out, boolean bias) {
        this(scope, in, out, bias, Init.lecunUniform(), Init.lecunUniform());
    }

    public Linear(Scope scope, long in, long out) {
        this(scope, in, out, true);
    }

    public Linear(Scope scope, long in, long out, boolean bias, Init weightInit, Init biasInit) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear sizes must be positive: " + in + " -> " + out);
        this.in = in;
        this.out = out;
        this.w = scope.param("W", weightInit, in, out, in, out);
        this.b = bias ? scope.param("b", biasInit, in, out, out) : null;
    }

    @Override
    public SDVariable apply(SDVariable x) {
        SDVariable y = MatMul.of(x, w);
        return b == null ? y : y.add(b);
    }

    /** act(x·W + b), with the bias and the activation in one Java kernel where {@link Activation#applyToSum} can. */
    public SDVariable apply(SDVariable x, Activation act) {
        SDVariable y = MatMul.of(x, w);
        return b == null ? act.apply(y) : act.applyToSum(y, b);
    }

    /**
     * act(x·W + b + shift) for a shift of [n or 1, out] (a time embedding's projection): the shift joins the bias
     * before the sum with x·W, so a shift of one row, broadcast over the batch, costs one [n, out] addition, not two.
     */
    public SDVariable apply(SDVariable x, SDVariable shift, Activation act) {
        return act.applyToSum(MatMul.of(x, w), b == null ? shift : b.add(shift));
    }

    public SDVariable weight() {
        return w;
    }

    /** The bias, or null when the layer has none. */
    public SDVariable bias() {
        return b;
    }

    public long in() {
        return in;
    }

    public long out() {
        return out;
    }
}
