package org.genlab.gan.loss;

import org.genlab.common.nn.Activation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The minibatch c-transform of (q,p)-WGAN (Mallasto et al.; MATH.md §5.7). With cost c(x, y) = ‖x − y‖_q^p / p
 * (W₁: q = 2, p = 1) and a critic φ on the real batch {x_i}:
 * <pre>φᶜ(y_j) = min_i [c(x_i, y_j) − φ(x_i)],   dual = (1/n) Σ_i φ(x_i) + (1/n) Σ_j φᶜ(y_j).</pre>
 * The critic maximises the dual, the generator minimises it (through c(x_i, G(z_j))). By weak duality the dual is
 * at most the exact optimal-transport cost of the two batches for every φ, with equality at the optimum, which is
 * why this estimator tracks the minibatch W₁ closely (§5.5). The minimum couples the batch (§1.5): no gradient
 * accumulation.
 */
public final class CTransform {
    /** δ added before the root, keeping the gradient of ‖x − y‖ finite where x = y. */
    public static final double COST_DELTA = 1e-12;

    private CTransform() {
    }

    /** c(x_i, y_j) = ‖x_i − y_j‖_q^p / p for x [n, d] and y [m, d]: shape [n, m]. */
    public static SDVariable pairwiseCost(SDVariable x, SDVariable y, double q, double p) {
        SameDiff sd = x.getSameDiff();
        SDVariable powQ;
        if (q == 2) {
            // ‖x‖² + ‖y‖² − 2xyᵀ: O(n·m·d) in one matrix product instead of an [n, m, d] tensor
            SDVariable xx = x.mul(x).sum(true, 1);
            SDVariable yy = y.mul(y).sum(true, 1);
            SDVariable xy = sd.mmul(x, y, false, true, false);
            powQ = Activation.relu(xx.add(sd.transpose(yy)).sub(xy.mul(2.0)));
        } else {
            SDVariable diff = sd.expandDims(x, 1).sub(sd.expandDims(y, 0));
            powQ = sd.math().abs(diff).pow(q).sum(2);
        }
        return powQ.add(COST_DELTA).pow(p / q).div(p);
    }

    /** φᶜ_j = min_i (C_ij − φ_i) for cost C [n, m] and φ [n, 1]: shape [m]. */
    public static SDVariable transform(SDVariable cost, SDVariable phiReal) {
        return cost.getSameDiff().min(cost.sub(phiReal), 0);
    }

    /** mean φ(x) + mean φᶜ(y). */
    public static SDVariable dual(SDVariable phiReal, SDVariable phiC) {
        return phiReal.mean().add(phiC.mean());
    }

    /** Java reference of the dual for a given cost matrix and critic values (tests, diagnostics). */
    public static double dual(double[][] cost, double[] phi) {
        int n = cost.length, m = cost[0].length;
        double s = 0;
        for (double v : phi) s += v;
        double sc = 0;
        for (int j = 0; j < m; j++) {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) best = Math.min(best, cost[i][j] - phi[i]);
            sc += best;
        }
        return s / n + sc / m;
    }
}
