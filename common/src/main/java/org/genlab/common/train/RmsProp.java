package org.genlab.common.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.FloatBuffer;

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
        FloatBuffer[] f = FloatViews.of(p, v, g);
        if (f == null) {
            v.muli(alpha).addi(g.mul(g).muli(1.0 - alpha));
            p.subi(g.div(Transforms.sqrt(v, true).addi(eps)).muli(lr));
            return;
        }
        float a = (float) alpha, c = (float) (1 - alpha), r = (float) lr, e = (float) eps;
        FloatViews.chunks(f, p.length(), 2, (arrays, n) -> {   // float32: one vectorised pass, subnormal v flushed
            float[] pa = arrays[0], va = arrays[1], ga = arrays[2];
            for (int i = 0; i < n; i++) {
                float gi = ga[i];
                float vi = FloatViews.flush(a * va[i] + c * gi * gi);
                va[i] = vi;
                pa[i] -= r * gi / ((float) Math.sqrt(vi) + e);
            }
        });
    }

    @Override
    protected String[] slotNames() {
        return new String[]{"v"};
    }
}
