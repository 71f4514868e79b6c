package org.genlab.common.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

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
     * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − (lr·√bc2/bc1)·m/(√v + ε), the form of libnd4j's fused
     * adam_updater; its ε placement differs from PyTorch's ((√v/√bc2) + ε) by a factor √bc2 on ε alone. Float32
     * parameters run a vectorised Java pass over the native buffers ({@link FloatViews}: faster, and tiny moments
     * are rounded to normal floats); anything else runs the fused op. Neither path allocates arrays.
     */
    @Override
    protected void apply(String name, INDArray p, INDArray g, double lr) {
        INDArray m = slot(name, "m", p);
        INDArray v = slot(name, "v", p);
        FloatBuffer[] f = FloatViews.of(p, m, v, g);
        if (f == null) {
            if (decoupledDecay > 0) p.muli(1.0 - lr * decoupledDecay);
            Nd4j.exec(new AdamUpdater(g, v, m, lr, beta1, beta2, eps, (int) (t - 1)));
            p.subi(g);
            return;
        }
        float b1 = (float) beta1, c1 = (float) (1 - beta1), b2 = (float) beta2, c2 = (float) (1 - beta2);
        float step = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
        float keep = (float) (1 - lr * decoupledDecay), e = (float) eps;
        FloatViews.chunks(f, p.length(), 3, (a, n) -> {
            float[] pa = a[0], ma = a[1], va = a[2], ga = a[3];
            for (int i = 0; i < n; i++) {
                float gi = ga[i];
                float mi = FloatViews.flushFirstMoment(b1 * ma[i] + c1 * gi);
                float vi = FloatViews.flush(b2 * va[i] + c2 * gi * gi);
                ma[i] = mi;
                va[i] = vi;
                pa[i] = keep * pa[i] - step * mi / ((float) Math.sqrt(vi) + e);
            }
        });
    }

    @Override
    protected String[] slotNames() {
        return new String[]{"m", "v"};
    }
}
