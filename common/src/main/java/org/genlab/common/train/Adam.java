package org.genlab.common.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    @Override
    protected void apply(String name, INDArray p, INDArray g, double lr) {
        INDArray m = slot(name, "m", p);
        INDArray v = slot(name, "v", p);
        if (decoupledDecay > 0) p.muli(1.0 - lr * decoupledDecay);
        m.muli(beta1).addi(g.mul(1.0 - beta1));
        v.muli(beta2).addi(g.mul(g).muli(1.0 - beta2));
        double bc1 = 1.0 - Math.pow(beta1, t);
        double bc2 = 1.0 - Math.pow(beta2, t);
        // denom = sqrt(v)/sqrt(bc2) + eps ; p -= (lr/bc1) * m / denom
        INDArray denom = Transforms.sqrt(v, true).divi(Math.sqrt(bc2)).addi(eps);
        p.subi(m.div(denom).muli(lr / bc1));
    }

    @Override
    protected String[] slotNames() {
        return new String[]{"m", "v"};
    }
}
