package org.genlab.gan.testing;

import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.gan.nn.Critic;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * An independent reference for a critic's values and input gradients: the same critic (same parameter names) in a
 * separate DOUBLE graph whose inputs are variables, differentiated by SameDiff's ordinary first-order backprop with
 * respect to the input. It shares nothing with the explicit input-gradient construction under test; weights are
 * copied in from the graph under test before every evaluation, so finite differences over that graph's weights
 * see the true ∇ₓD at the perturbed weights.
 */
public final class CriticReference {
    /** Critic values on real and fake rows and the gradients ∇ₓD at the penalty points. */
    public record Eval(double[] dReal, double[] dFake, double[][] gradAtPoints) {
    }

    private final ModelGraph ref;
    private final SDVariable xr, xf, xp;
    private final String dReal, dFake;

    public CriticReference(Critic.Spec spec, long nReal, long nFake, long nPoints) {
        ref = new ModelGraph(DataType.DOUBLE, new Rng(99));
        SameDiff sd = ref.sd();
        long d = spec.inputDim();
        xr = sd.var("ref_xr", org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, nReal, d));
        xf = sd.var("ref_xf", org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, nFake, d));
        xp = sd.var("ref_xp", org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, nPoints, d));
        Critic c = new Critic(ref.scope("critic"), spec, new Rng(7));
        dReal = c.score(xr).rename("ref_d_real").name();
        dFake = c.score(xf).rename("ref_d_fake").name();
        c.score(xp).sum().rename("ref_points_sum");
        sd.setLossVariables("ref_points_sum");
    }

    /** Copies every critic parameter and buffer from {@code source}, then evaluates. */
    public Eval eval(ModelGraph source, INDArray real, INDArray fake, INDArray points) {
        for (String n : ref.paramNames()) ref.array(n).assign(source.array(n));
        for (String n : ref.bufferNames()) ref.array(n).assign(source.array(n));
        xr.getArr().assign(real);
        xf.getArr().assign(fake);
        xp.getArr().assign(points);
        OutAndGrad r = ref.sd().calculateGradientsAndOutputs(Map.of(), List.of(dReal, dFake), List.of(xp.name()));
        return new Eval(r.getOutputs().get(dReal).toDoubleVector(), r.getOutputs().get(dFake).toDoubleVector(),
                r.getGradients().get(xp.name()).toDoubleMatrix());
    }

    /** ∇ₓD at the given rows only. */
    public double[][] inputGradient(ModelGraph source, INDArray points) {
        INDArray dummy = xr.getArr().dup();
        return eval(source, dummy, xf.getArr().dup(), points).gradAtPoints();
    }
}
