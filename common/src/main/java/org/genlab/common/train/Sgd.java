package org.genlab.common.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

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
        INDArray b = momentum > 0 ? slot(name, "b", p) : null;
        FloatBuffer[] f = b == null ? null : FloatViews.of(p, b, g);
        if (f != null) {   // float32: one vectorised pass, tiny momentum flushed (FloatViews)
            float mu = (float) momentum, wd = (float) weightDecay, r = (float) lr;
            FloatViews.chunks(f, p.length(), 2, (a, n) -> {
                float[] pa = a[0], ba = a[1], ga = a[2];
                for (int i = 0; i < n; i++) {
                    float bi = FloatViews.flushFirstMoment(mu * ba[i] + ga[i] + wd * pa[i]);
                    ba[i] = bi;
                    pa[i] -= r * bi;
                }
            });
            return;
        }
        if (weightDecay > 0) g.addi(p.mul(weightDecay));
        if (b != null) {
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
