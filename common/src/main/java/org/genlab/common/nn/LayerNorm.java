package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Layer normalisation over the last axis (size d) with a per-feature affine γ ("gamma", init 1) and β ("beta",
 * init 0): {@code y = (x − mean)/√(var + eps)·γ + β}, biased variance, as in PyTorch's LayerNorm(d).
 */
public final class LayerNorm implements Module {
    private final long dim;
    private final double eps;
    private final SDVariable gamma;
    private final SDVariable beta;

    public LayerNorm(Scope scope, long dim) {
        this(scope, dim, 1e-5, true);
    }

    public LayerNorm(Scope scope, long dim, double eps, boolean affine) {
        this.dim = dim;
        this.eps = eps;
        this.gamma = affine ? scope.param("gamma", Init.constant(1.0), dim, dim, dim) : null;
        this.beta = affine ? scope.param("beta", Init.zeros(), dim, dim, dim) : null;
    }

    @Override
    public SDVariable apply(SDVariable x) {
        SameDiff sd = x.getSameDiff();
        // Flattened to [rows, d] because M2.1's keep-dims reductions over dimension -1 return wrong values for
        // rank-3 inputs (measured); positive dimensions are fine.
        SDVariable rows = sd.reshape(x, -1, dim);
        SDVariable centred = rows.sub(rows.mean(true, 1));
        SDVariable var = centred.mul(centred).mean(true, 1);
        SDVariable y = centred.div(sd.math().sqrt(var.add(eps)));
        if (gamma != null) y = y.mul(gamma).add(beta);
        return sd.reshape(y, sd.shape(x));
    }
}
