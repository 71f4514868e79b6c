package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-row scales applied to an array: x [n, k, rest…] times v with one value per (sample, k), e.g. a per-sample
 * noise level on images or a per-channel coefficient of a time embedding. The obvious broadcasting multiply
 * ({@code reshape(v, n, k, 1, 1).mul(x)}) has a backprop that tiles both operands to the full shape one element index
 * at a time (docs/samediff-pitfalls.md): 1.4 ms for [64, 1, 1, 1] by [64, 1, 28, 28] in the U-Net step. Here v is
 * spread over its rows by a product with a row of ones, whose backprop is a matrix–vector product, and multiplied
 * with x at one shape; the values are the same (a product by 1 is exact).
 */
public final class RowScale {
    private RowScale() {
    }

    /**
     * v·x row by row: {@code v} holds n·k values (any shape with that many elements, row-major), {@code x} is
     * [n, k, …] with {@code rowLength} elements per (sample, k).
     */
    public static SDVariable apply(SDVariable v, SDVariable x, long rowLength) {
        SameDiff sd = x.getSameDiff();
        SDVariable ones = sd.constant(Nd4j.ones(x.dataType(), 1, rowLength));
        SDVariable spread = sd.mmul(sd.reshape(v, -1, 1), ones);   // [n·k, rowLength]
        return sd.reshape(spread, sd.shape(x)).mul(x);
    }
}
