package org.genlab.common.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One gradient of z = op(x)·op(y) (op: transposed when the flag says so) as a product op(A)·op(B) of two of the
 * matmul_bp operands (x, y, eps = ∂L/∂z): d op(x) = eps·op(y)ᵀ and d op(y) = op(x)ᵀ·eps, transposed back where x or
 * y enters transposed. The Java kernels ({@link SmallGemm}) and the plans' one-sided matmul_bp ({@link OpPlan}) both
 * compute the gradients from this.
 *
 * @param a, b operand indices: 0 = x, 1 = y, 2 = eps
 */
record ProductGradient(int a, boolean transposeA, int b, boolean transposeB) {
    /** The gradient with respect to operand {@code wrt} (0 = x, 1 = y) of op(x)·op(y). */
    static ProductGradient of(int wrt, boolean transposeX, boolean transposeY) {
        if (wrt == 0) return transposeX ? new ProductGradient(1, transposeY, 2, true) : new ProductGradient(2, false, 1, !transposeY);
        return transposeY ? new ProductGradient(2, true, 0, transposeX) : new ProductGradient(0, !transposeX, 2, false);
    }

    /** Rows of op(A). */
    long m(INDArray[] operands) {
        return operands[a].size(transposeA ? 1 : 0);
    }

    /** The inner length: columns of op(A). */
    long k(INDArray[] operands) {
        return operands[a].size(transposeA ? 0 : 1);
    }

    /** Columns of op(B). */
    long n(INDArray[] operands) {
        return operands[b].size(transposeB ? 0 : 1);
    }
}
