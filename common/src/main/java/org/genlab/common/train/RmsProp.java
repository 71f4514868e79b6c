package org.genlab.common.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** RMSProp in PyTorch's form (the WGAN reference code's optimiser): v ← αv + (1−α)g², p ← p − lr·g/(√v + ε). */
public final class RmsProp extends Optimizer {
    private final double alpha, eps;

    public RmsProp(String key, double alpha, double eps) {
        super(key);
        this.alpha = alpha;
        this.eps = eps;
    }

    @Override
    protected void apply(String name, INDArray p, INDArray g, double lr) {
        INDArray v = slot(name, "v", p);
        v.muli(alpha).addi(g.mul(g).muli(1.0 - alpha));
        p.subi(g.div(Transforms.sqrt(v, true).addi(eps)).muli(lr));
    }

    @Override
    protected String[] slotNames() {
        return new String[]{"v"};
    }
}
