package org.genlab.gan.model;

import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.gan.loss.CTransform;
import org.genlab.gan.loss.WassersteinLoss;
import org.genlab.gan.nn.Critic;
import org.genlab.gan.nn.Generator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;
import java.util.function.Function;

/**
 * The generator player's graph: placeholder {@value #Z}, the generator under scope "gen" with output
 * {@value #FAKE}, a copy of the critic under scope "critic" (same names as in {@link CriticGraph}; its values are
 * copied in by {@link #copyCriticFrom} before every generator step, and never trained here), and the generator loss
 * {@value #LOSS}: −E D(G(z)), or the c-transform dual through c(x_i, G(z_j)), which also needs the real batch
 * {@value #REAL}.
 */
public final class GeneratorGraph {
    public static final String SCOPE = "gen";
    public static final String Z = "z", REAL = "real", FAKE = "fake", LOSS = "loss_g", D_FAKE = "d_fake_g";

    private final ModelGraph graph;
    private final Critic criticCopy;
    private final long zDim;

    public GeneratorGraph(DataType dtype, Rng initRng, long zDim, Function<ModelGraph, Generator> generator,
                          Critic.Spec criticSpec, Rng snRng, Objective objective, double costQ, double costP) {
        this.graph = new ModelGraph(dtype, initRng);
        this.zDim = zDim;
        SameDiff sd = graph.sd();
        SDVariable z = sd.placeHolder(Z, dtype, -1, zDim);
        Generator g = generator.apply(graph);
        SDVariable fake = g.apply(z).rename(FAKE);
        this.criticCopy = new Critic(graph.scope(CriticGraph.SCOPE), criticSpec, snRng);
        SDVariable dFake = criticCopy.score(fake).rename(D_FAKE);
        if (objective == Objective.C_TRANSFORM) {
            SDVariable real = sd.placeHolder(REAL, dtype, -1, criticSpec.inputDim());
            SDVariable phiReal = criticCopy.score(real);
            SDVariable cost = CTransform.pairwiseCost(real, fake, costQ, costP);
            CTransform.dual(phiReal, CTransform.transform(cost, phiReal)).rename(LOSS);
        } else {
            WassersteinLoss.generator(dFake).rename(LOSS);
        }
    }

    public ModelGraph graph() {
        return graph;
    }

    public long zDim() {
        return zDim;
    }

    /** The generator's parameters (the only ones this graph trains). */
    public List<String> paramNames() {
        return graph.paramNames(SCOPE);
    }

    /** Copies the critic's current weights and power-iteration buffers into this graph's critic copy. */
    public void copyCriticFrom(ModelGraph critic) {
        for (String n : graph.paramNames(CriticGraph.SCOPE)) graph.array(n).assign(critic.array(n));
        for (String n : graph.bufferNames()) {
            if (n.startsWith(CriticGraph.SCOPE + "/")) graph.array(n).assign(critic.array(n));
        }
    }
}
