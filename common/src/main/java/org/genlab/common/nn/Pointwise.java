package org.genlab.common.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The element-wise functions the Java kernels apply, f and f′ in vector and scalar form: alone ({@link PointwiseNode})
 * or after a GroupNorm ({@link GroupNormKernel}). The vector forms use {@link Lanes#exp}, which rounds alike in every
 * JIT tier, so results do not depend on when a loop was compiled.
 */
enum Pointwise {
    /** x·σ(x); f′ = σ(x)·(1 + x·(1 − σ(x))). */
    SILU {
        FloatVector f(FloatVector x) {
            return x.div(Lanes.exp(x.neg()).add(1f));
        }

        FloatVector df(FloatVector x) {
            FloatVector s = Lanes.ONE.div(Lanes.exp(x.neg()).add(1f));
            return s.mul(x.mul(Lanes.ONE.sub(s)).add(1f));
        }

        float f(float x) {
            return x / (1f + (float) Math.exp(-x));
        }

        float df(float x) {
            float s = 1f / (1f + (float) Math.exp(-x));
            return s * (1f + x * (1f - s));
        }
    },
    /** max(x, 0) + log1p(e^−|x|), which cannot overflow; f′ = σ(x). */
    SOFTPLUS {
        FloatVector f(FloatVector x) {
            return x.max(0f).add(Lanes.log1pUnit(Lanes.exp(x.abs().neg())));
        }

        FloatVector df(FloatVector x) {
            return Lanes.ONE.div(Lanes.exp(x.neg()).add(1f));
        }

        float f(float x) {
            return Math.max(x, 0f) + (float) Math.log1p(Math.exp(-Math.abs(x)));
        }

        float df(float x) {
            return 1f / (1f + (float) Math.exp(-x));
        }
    },
    /** max(x, 0); f′ = 1 where x &gt; 0, else 0 (also at 0, as SameDiff's relu and Activation.reluMask). */
    RELU {
        FloatVector f(FloatVector x) {
            return x.max(0f);
        }

        FloatVector df(FloatVector x) {
            return Lanes.ONE.blend(0f, x.compare(VectorOperators.LE, 0f));
        }

        float f(float x) {
            return Math.max(x, 0f);
        }

        float df(float x) {
            return x > 0 ? 1f : 0f;
        }
    };

    abstract FloatVector f(FloatVector x);

    abstract FloatVector df(FloatVector x);

    abstract float f(float x);

    abstract float df(float x);
}
