package org.genlab.experiments.bench;

import org.genlab.common.config.Config;
import org.genlab.common.data.Toy2d;
import org.genlab.common.random.Rng;
import org.genlab.common.train.GradientStep;
import org.genlab.common.train.TrainConfig;
import org.genlab.gan.model.CriticGraph;
import org.genlab.gan.model.WganFactory;
import org.genlab.gan.model.WganModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * One WGAN-GP critic update with its gradient penalty, on the critic graph that the "wgan-gp" factory builds for
 * 2-D toys (gan_toy.py: 2 → 3 × 512 ReLU → 1, batch 256, λ = 0.1 at real–fake interpolates, Adam 1e-4, β = (0.5, 0.9)).
 * The penalty's input gradient ∇ₓD is the critic's explicit forward expression (gan/ has no double backprop), so
 * this step is one forward of three critic passes plus the adjoint chain, and one backward. Real points, fakes
 * (standard normal, in place of the generator's output) and ε are fresh every step.
 */
public final class WganGpCriticWorkload implements Workload {
    private static final int BATCH = 256;
    private CriticGraph critic;
    private GradientStep step;
    private Rng rng;
    private List<String> outputs;
    private long t;

    @Override
    public String name() {
        return "wgan-gp-critic-step";
    }

    @Override
    public String description() {
        return "WGAN-GP critic step incl. gradient penalty, toy MLP 2-512-512-512-1, batch 256";
    }

    @Override
    public void setUp() {
        WganFactory f = new WganFactory.Gp();
        Config c = Models.config(f, Toy2d.GAUSSIANS_8, Map.of("batch", String.valueOf(BATCH)));
        WganModel m = (WganModel) Models.create(f, c);
        TrainConfig tc = TrainConfig.from(c);
        critic = m.criticGraph();
        step = new GradientStep(critic.graph(), CriticGraph.LOSS, critic.paramNames(), tc.newOptimizer("opt.critic"),
                tc.newSchedule(), tc.clip(), 1, null, false);
        outputs = List.of(CriticGraph.ESTIMATE, CriticGraph.PENALTY, CriticGraph.INPUT_GRAD_NORM);
        rng = new Rng(7);
    }

    @Override
    public void run() {
        INDArray real = Toy2d.of(Toy2d.GAUSSIANS_8).sampleArray(rng, BATCH, DataType.FLOAT);
        INDArray fake = rng.gaussian(DataType.FLOAT, BATCH, 2);
        INDArray eps = rng.uniform(DataType.FLOAT, 0, 1, BATCH, 1);
        Map<String, INDArray> feeds = Map.of(CriticGraph.REAL, real, CriticGraph.FAKE, fake, CriticGraph.EPS, eps);
        step.run(t++, () -> feeds, outputs);
    }

    @Override
    public List<org.nd4j.autodiff.samediff.SameDiff> graphs() {
        return List.of(critic.graph().sd());
    }
}
