package org.genlab.common.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The element-wise functions the Java kernels apply, alone ({@link PointwiseNode}) or after a GroupNorm
 * ({@link GroupNormKernel}, SiLU only). A training forward pass computes f′ next to f and keeps it, so the backward
 * pass is one product d·f′ whatever the function: f′ shares f's exponential, which is then taken once per element
 * instead of once per direction. The vector forms use {@link Lanes#exp}, which rounds alike in every JIT tier.
 *
 * <p>The vector methods are static, one per function, and each kernel loop calls exactly one of them, from a loop
 * method that C2 compiles on its own ({@link VectorLoopDirectives}). A method per enum constant, or a switch inside
 * one method, put all three functions into one compilation unit once all three had run; C2 then ran out of its
 * inlining budget, left a Vector API call out of line, and boxed every vector on the heap (ReLU on [64, 512]:
 * 14 µs forward + backward alone, 50–96 µs once SiLU and softplus had run).
 */
enum Pointwise {
    /** x·σ(x); f′ = σ(x)·(1 + x·(1 − σ(x))). */
    SILU,
    /** max(x, 0) + log1p(e^−|x|), which cannot overflow; f′ = σ(x). */
    SOFTPLUS,
    /** max(x, 0); f′ = 1 where x &gt; 0, else 0 (also at 0, as SameDiff's relu and Activation.reluMask). */
    RELU;

    float f(float x) {
        return switch (this) {
            case SILU -> x / (1f + (float) Math.exp(-x));
            case SOFTPLUS -> Math.max(x, 0f) + (float) Math.log1p(Math.exp(-Math.abs(x)));
            case RELU -> Math.max(x, 0f);
        };
    }

    float df(float x) {
        return switch (this) {
            case SILU -> {
                float s = 1f / (1f + (float) Math.exp(-x));
                yield s * (1f + x * (1f - s));
            }
            case SOFTPLUS -> 1f / (1f + (float) Math.exp(-x));
            case RELU -> x > 0 ? 1f : 0f;
        };
    }

    /** σ(x) from e = e^−x. */
    static FloatVector sigmoidFromExpNeg(FloatVector e) {
        return Lanes.ONE.div(e.add(1f));
    }

    /** SiLU x·s from s = σ(x). */
    static FloatVector silu(FloatVector x, FloatVector s) {
        return x.mul(s);
    }

    /** SiLU's f′ = s·(1 + x·(1 − s)) from s = σ(x). */
    static FloatVector siluDerivative(FloatVector x, FloatVector s) {
        return x.mul(Lanes.ONE.sub(s)).fma(s, s);
    }

    /** softplus from e = e^−|x|. */
    static FloatVector softplus(FloatVector x, FloatVector e) {
        return x.max(0f).add(Lanes.log1pUnit(e));
    }

    /** e = e^−|x| with x's sign, which is all {@link #softplusDerivative} needs (x itself may be overwritten by then). */
    static FloatVector signed(FloatVector e, FloatVector x) {
        return e.blend(e.neg(), x.compare(VectorOperators.LT, 0f));
    }

    /** softplus′ = σ(x) from k = ±e^−|x| with x's sign ({@link #signed}): 1/(1 + |k|) for x ≥ 0, |k|/(1 + |k|) below. */
    static FloatVector softplusDerivative(FloatVector k) {
        FloatVector e = k.abs(), t = Lanes.ONE.div(e.add(1f));
        return t.blend(e.mul(t), k.compare(VectorOperators.LT, 0f));
    }

    /** ReLU′: 1 where x &gt; 0, else 0. */
    static FloatVector reluDerivative(FloatVector x) {
        VectorMask<Float> off = x.compare(VectorOperators.LE, 0f);
        return Lanes.ONE.blend(0f, off);
    }
}
