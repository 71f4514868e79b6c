package org.genlab.diffusion.likelihood;

import org.genlab.diffusion.sde.PerSample;
import org.genlab.diffusion.sde.ReverseSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Divergence of the probability-flow drift f̃ = f − ½g²s per sample, from vector–Jacobian products (MATH.md §4.6). */
public final class Divergence {
    private Divergence() {
    }

    /** Exact trace: Σ_d e_dᵀ(∂f̃/∂x)e_d, one vjp per dimension for the whole batch; [n] in double. */
    public static INDArray exact(ReverseSde flow, INDArray x, INDArray t) {
        int n = PerSample.batch(x);
        long d = PerSample.dims(x);
        INDArray div = Nd4j.zeros(DataType.DOUBLE, n);
        for (long j = 0; j < d; j++) {
            INDArray basis = Nd4j.zeros(x.dataType(), n, d);
            basis.put(new INDArrayIndex[]{NDArrayIndex.all(), NDArrayIndex.point(j)}, 1.0);
            INDArray jv = flow.driftVjp(x, t, basis.reshape(x.shape())).reshape(n, d);
            div.addi(jv.get(NDArrayIndex.all(), NDArrayIndex.point(j)).castTo(DataType.DOUBLE));
        }
        return div;
    }

    /** Hutchinson: εᵀ(∂f̃/∂x)ε per sample for a given noise ε of x's shape; [n] in double. */
    public static INDArray hutchinson(ReverseSde flow, INDArray x, INDArray t, INDArray noise) {
        INDArray jv = flow.driftVjp(x, t, noise);
        return PerSample.sum(jv.castTo(DataType.DOUBLE).muli(noise.castTo(DataType.DOUBLE)));
    }
}
