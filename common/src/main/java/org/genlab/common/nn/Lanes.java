package org.genlab.common.nn;

import jdk.incubator.vector.FloatVector;
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
}
