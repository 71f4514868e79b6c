package org.genlab.common.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** SGD with optional heavy-ball momentum (PyTorch form: b ← μb + g; p ← p − lr·b) and L2 weight decay. */
public final class Sgd extends Optimizer {
    private final double momentum, weightDecay;

    public Sgd(String key, double momentum, double weightDecay) {
        super(key);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    @Override
    protected void apply(String name, INDArray p, INDArray g, double lr) {
        if (weightDecay > 0) g.addi(p.mul(weightDecay));
        if (momentum > 0) {
            INDArray b = slot(name, "b", p);
            b.muli(momentum).addi(g);
            p.subi(b.mul(lr));
        } else {
            p.subi(g.mul(lr));
        }
    }

    @Override
    protected String[] slotNames() {
        return momentum > 0 ? new String[]{"b"} : new String[0];
    }
}
