package org.genlab.common.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The Java kernels' vector shape, and float vectors read from and written to ND4J's native buffers in place. */
final class Lanes {
    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    static final FloatVector ONE = FloatVector.broadcast(SP, 1f);

    private Lanes() {
    }

    /** Float element i of a native-order buffer, as a vector of the following lanes. */
    static FloatVector load(ByteBuffer b, int i) {
        return FloatVector.fromByteBuffer(SP, b, i << 2, ByteOrder.nativeOrder());
    }

    static void store(FloatVector v, ByteBuffer b, int i) {
        v.intoByteBuffer(b, i << 2, ByteOrder.nativeOrder());
    }

    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;   // ln 2 split so that n·LN2_HI is exact for |n| ≤ 128
    private static final float LN2_LO = 1.42860677e-6f;
    /** 1.5·2^23: adding and subtracting it rounds a float of magnitude below 2^22 to the nearest integer. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(SP, -LN2_HI);
    private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(SP, -LN2_LO);
    // Cephes expf's minimax polynomial for (e^r − 1 − r)/r² on |r| ≤ ln 2 / 2, highest powers first.
    private static final FloatVector E3 = FloatVector.broadcast(SP, 8.3334519073e-3f);
    private static final FloatVector E2 = FloatVector.broadcast(SP, 4.1665795894e-2f);
    private static final FloatVector E1 = FloatVector.broadcast(SP, 1.6666665459e-1f);
    private static final FloatVector E0 = FloatVector.broadcast(SP, 5.0000001201e-1f);

    /**
     * e^x from additions, fused multiply-adds and integer bit operations only, for x clamped to [−87, 87] (results
     * from 1.6e-38 to 6.1e37; the kernels only add it to 1 or take log1p of it). The upper bound keeps σ = 1/(1 + e^x)
     * a normal float: at e^88 it is subnormal, and arithmetic on subnormals takes microcode assists (a PF-ODE network's
     * first SiLU layer, with pre-activations below −87, ran twice as long). The Vector API's own EXP is computed
     * by SVML once C2 compiles a loop and by Math.exp per lane before that, which differ in the last bits: a run
     * would then depend on when the JIT compiled it, and a resumed run would not repeat an uninterrupted one.
     * These operations round the same way in every tier. x = n·ln 2 + r with |r| ≤ ln 2 / 2 (Cody–Waite), e^r =
     * 1 + r + r²·P(r) with Cephes expf's degree-5 minimax P (relative error about 1e-7), times 2^n built in the
     * exponent bits. Few operations matter here beyond speed: C2 gives up inlining a loop's calls after about 18,000
     * IR nodes, hundreds per Vector API operation, and an operation left out of line boxes its vectors on the heap.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(-87f).min(87f);
        FloatVector shifted = c.fma(LOG2E, ROUND);   // n sits in the low mantissa bits: bits = ROUND's + n
        FloatVector n = shifted.sub(ROUND);
        FloatVector r = n.fma(MINUS_LN2_LO, n.fma(MINUS_LN2_HI, c));
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f).fma(r, E3).fma(r, E2).fma(r, E1).fma(r, E0);
        FloatVector e = p.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) shifted.reinterpretAsInts()).sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return e.mul(bits.reinterpretAsFloats());
    }

    // 2·atanh(s) = 2s·(1 + s²/3 + s⁴/5 + … + s¹⁴/15), the factor 2 folded into the coefficients.
    private static final FloatVector L5 = FloatVector.broadcast(SP, 2f / 11);
    private static final FloatVector L4 = FloatVector.broadcast(SP, 2f / 9);
    private static final FloatVector L3 = FloatVector.broadcast(SP, 2f / 7);
    private static final FloatVector L2 = FloatVector.broadcast(SP, 2f / 5);
    private static final FloatVector L1 = FloatVector.broadcast(SP, 2f / 3);
    private static final FloatVector L0 = FloatVector.broadcast(SP, 2f);

    /**
     * log(1 + u) for u in [0, 1] from arithmetic only (see {@link #exp}): 2·atanh(s) with s = u/(2 + u) ≤ 1/3, by
     * its odd series to s¹⁵ (the next term is below 3e-9 of the result).
     */
    static FloatVector log1pUnit(FloatVector u) {
        FloatVector s = u.div(u.add(2f));
        FloatVector s2 = s.mul(s);
        FloatVector q = s2.fma(2f / 15, 2f / 13).fma(s2, L5).fma(s2, L4).fma(s2, L3).fma(s2, L2).fma(s2, L1).fma(s2, L0);
        return s.mul(q);
    }

    /**
     * The sum of v's lanes from the first to the last, in that order in every JIT tier ({@code reduceLanes} leaves
     * the order to the implementation, and newer JDKs let C2 pick a tree: a result must not depend on when a loop was
     * compiled). {@code scratch} holds at least {@code SP.length()} floats.
     */
    static float sum(FloatVector v, float[] scratch) {
        v.intoArray(scratch, 0);
        float s = 0f;
        for (int i = 0; i < SP.length(); i++) s += scratch[i];
        return s;
    }
}
