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

    /**
     * e^x from additions, products and integer bit operations only, for x clamped to [−87, 88] (results from
     * 1.6e-38 to 1.7e38; the kernels only add it to 1 or take log1p of it). The Vector API's own EXP is computed
     * by SVML once C2 compiles a loop and by Math.exp per lane before that, which differ in the last bits: a run
     * would then depend on when the JIT compiled it, and a resumed run would not repeat an uninterrupted one.
     * These operations round the same way in every tier. x = n·ln 2 + r with |r| ≤ ln 2 / 2 (Cody–Waite), e^r by
     * its Taylor polynomial to r⁷ (relative error below 2e-7), times 2^n built in the exponent bits.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(-87f).min(88f);
        FloatVector shifted = c.mul(LOG2E).add(ROUND);   // n sits in the low mantissa bits: bits = ROUND's + n
        FloatVector n = shifted.sub(ROUND);
        FloatVector r = c.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.mul(1f / 5040).add(1f / 720).mul(r).add(1f / 120).mul(r).add(1f / 24).mul(r).add(1f / 6)
                .mul(r).add(0.5f).mul(r).add(1f).mul(r).add(1f);
        IntVector bits = ((IntVector) shifted.reinterpretAsInts()).sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    /**
     * log(1 + u) for u in [0, 1] from arithmetic only (see {@link #exp}): 2·atanh(s) with s = u/(2 + u) ≤ 1/3, by
     * its odd series to s¹⁵ (the next term is below 3e-9 of the result).
     */
    static FloatVector log1pUnit(FloatVector u) {
        FloatVector s = u.div(u.add(2f));
        FloatVector s2 = s.mul(s);
        FloatVector q = s2.mul(1f / 15).add(1f / 13).mul(s2).add(1f / 11).mul(s2).add(1f / 9).mul(s2).add(1f / 7)
                .mul(s2).add(1f / 5).mul(s2).add(1f / 3).mul(s2).add(1f);
        return s.mul(q).mul(2f);
    }
}
