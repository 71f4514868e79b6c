package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Matrix products of layers. The tiny cases (a 2-D toy's input or output layer, a time embedding's one row, and
 * their gradients) run as Java kernels in float graphs that have them ({@link SmallGemm}), everything else as ND4J's
 * matmul; the graph and its gradient are SameDiff's either way. {@code -D}{@value #PROPERTY}{@code =off} leaves them all
 * to ND4J.
 */
public final class MatMul {
    /** System property: "off" builds plain ND4J products. */
    public static final String PROPERTY = "genlab.smallGemm";

    private MatMul() {
    }

    /** a·b for a of shape [n, in] and b of shape [in, out]. */
    public static SDVariable of(SDVariable a, SDVariable b) {
        return of(a, b, false, false);
    }

    /** op(a)·op(b), op transposing where asked. */
    public static SDVariable of(SDVariable a, SDVariable b, boolean transposeA, boolean transposeB) {
        return "off".equals(System.getProperty(PROPERTY)) ? a.getSameDiff().mmul(a, b, transposeA, transposeB, false)
                : JavaKernels.matmul(a, b, transposeA, transposeB);
    }
}
