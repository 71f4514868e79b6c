package org.genlab.gan.model;

import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.gan.loss.CTransform;
import org.genlab.gan.loss.WassersteinLoss;
import org.genlab.gan.nn.Critic;
import org.genlab.gan.penalty.GradientPenalty;
import org.genlab.gan.penalty.Interpolates;
import org.genlab.gan.penalty.PenaltyKind;
import org.genlab.gan.penalty.PenaltyPoints;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * The critic player's graph: placeholders {@value #REAL} and {@value #FAKE} ([n, d], the fakes produced by the
 * generator graph) and {@value #EPS} ([n, 1] interpolation weights), the critic under scope "critic", and the
 * critic loss {@value #LOSS} (its own graph, because SameDiff differentiates the sum of all declared losses).
 *
 * <p>Outputs: {@value #D_REAL}, {@value #D_FAKE} ([n, 1]), {@value #ESTIMATE} (E D(x) − E D(x̃), or the c-transform
 * dual), {@value #PENALTY} (when there is one) and {@value #INPUT_GRAD_NORM}, the mean ‖∇ₓD‖ at real–fake interpolates,
 * the Lipschitz diagnostic (computed only when asked for, or when the penalty uses the interpolates anyway).
 */
public final class CriticGraph {
    public static final String SCOPE = "critic";
    public static final String REAL = "real", FAKE = "fake", EPS = "eps";
    public static final String LOSS = "loss_d", D_REAL = "d_real", D_FAKE = "d_fake", ESTIMATE = "critic_estimate",
            PENALTY = "penalty", INPUT_GRAD_NORM = "input_grad_norm";

    private final ModelGraph graph;
    private final Critic critic;
    private final boolean hasPenalty;

    /**
     * @param costQ, costP the c-transform cost ‖x − y‖_q^p / p (used only for {@link Objective#C_TRANSFORM})
     */
    public CriticGraph(DataType dtype, Rng initRng, Rng snRng, Critic.Spec spec, Objective objective,
                       GradientPenalty penalty, PenaltyPoints points, double costQ, double costP) {
        this.graph = new ModelGraph(dtype, initRng);
        SameDiff sd = graph.sd();
        long d = spec.inputDim();
        SDVariable real = sd.placeHolder(REAL, dtype, -1, d);
        SDVariable fake = sd.placeHolder(FAKE, dtype, -1, d);
        SDVariable eps = sd.placeHolder(EPS, dtype, -1, 1);
        this.critic = new Critic(graph.scope(SCOPE), spec, snRng);

        Critic.Pass pReal = critic.forward(real);
        Critic.Pass pFake = critic.forward(fake);
        SDVariable dReal = pReal.score().rename(D_REAL);
        SDVariable dFake = pFake.score().rename(D_FAKE);
        Critic.Pass pInterp = critic.forward(Interpolates.of(real, fake, eps));
        SDVariable gInterp = critic.inputGradient(pInterp);
        GradientPenalty.norms(gInterp).mean().rename(INPUT_GRAD_NORM);

        SDVariable base;
        if (objective == Objective.C_TRANSFORM) {
            SDVariable cost = CTransform.pairwiseCost(real, fake, costQ, costP);
            SDVariable dual = CTransform.dual(dReal, CTransform.transform(cost, dReal));
            dual.add(0.0).rename(ESTIMATE);
            base = dual.neg();
        } else {
            WassersteinLoss.estimate(dReal, dFake).rename(ESTIMATE);
            base = WassersteinLoss.critic(dReal, dFake);
        }
        this.hasPenalty = penalty.kind() != PenaltyKind.NONE;
        if (hasPenalty) {
            List<SDVariable> grads = new ArrayList<>();
            if (points == PenaltyPoints.INTERPOLATES) {
                grads.add(gInterp);
            } else {
                grads.add(critic.inputGradient(pReal));
                grads.add(critic.inputGradient(pFake));
            }
            SDVariable pen = penalty.build(grads).rename(PENALTY);
            base.add(pen).rename(LOSS);
        } else {
            base.rename(LOSS);
        }
    }

    public ModelGraph graph() {
        return graph;
    }

    public Critic critic() {
        return critic;
    }

    public boolean hasPenalty() {
        return hasPenalty;
    }

    public List<String> paramNames() {
        return graph.paramNames(SCOPE);
    }
}
