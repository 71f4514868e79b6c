package org.genlab.common.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma &amp; Ba) with PyTorch's bias-corrected form, and AdamW's decoupled weight decay when
 * {@code decoupledDecay > 0}: p ← p − lr·wd·p before the Adam step (Loshchilov &amp; Hutter).
 */
public final class Adam extends Optimizer {
    private final double beta1, beta2, eps, decoupledDecay;

    public Adam(String key, double beta1, double beta2, double eps, double decoupledDecay) {
        super(key);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupledDecay = decoupledDecay;
    }

    /**
     * One fused native op updates m and v in place and turns g into the step (lr·√bc2/bc1)·m/(√v + ε); a chain of
     * element-wise ops allocated a fresh array per op and cost as much as the whole forward and backward pass of
     * an MLP. The ε placement differs from PyTorch's ((√v/√bc2) + ε) by a factor √bc2 on ε alone.
     */
    @Override
    protected void apply(String name, INDArray p, INDArray g, double lr) {
        INDArray m = slot(name, "m", p);
        INDArray v = slot(name, "v", p);
        if (decoupledDecay > 0) p.muli(1.0 - lr * decoupledDecay);
        Nd4j.exec(new AdamUpdater(g, v, m, lr, beta1, beta2, eps, (int) (t - 1)));
        p.subi(g);
    }

    @Override
    protected String[] slotNames() {
        return new String[]{"m", "v"};
    }
}
