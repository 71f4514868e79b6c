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
        FloatBuffer[] f = FloatViews.of(p, g, v);
        if (f == null) {
            v.muli(alpha).addi(g.mul(g).muli(1.0 - alpha));
            p.subi(g.div(Transforms.sqrt(v, true).addi(eps)).muli(lr));
            return;
        }
        FloatBuffer pb = f[0], gb = f[1], vb = f[2];   // float32: one loop, subnormal v flushed (FloatViews)
        float a = (float) alpha, c = (float) (1 - alpha), r = (float) lr, e = (float) eps;
        for (int i = 0, n = (int) p.length(); i < n; i++) {
            float gi = gb.get(i);
            float vi = FloatViews.flush(a * vb.get(i) + c * gi * gi);
            vb.put(i, vi);
            pb.put(i, pb.get(i) - r * gi / ((float) Math.sqrt(vi) + e));
        }
    }

    @Override
    protected String[] slotNames() {
        return new String[]{"v"};
    }
}
