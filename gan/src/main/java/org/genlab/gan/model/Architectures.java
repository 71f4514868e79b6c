package org.genlab.gan.model;

import org.genlab.common.UsageException;
import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.ModelGraph;
import org.genlab.gan.nn.Critic;
import org.genlab.gan.nn.Generator;

import java.util.List;
import java.util.function.Function;

/** The critic specs and generators of MATH.md §5.8, for given data dimensions. */
final class Architectures {
    private Architectures() {
    }

    static Critic.Spec critic(WganSettings s, long dataDim, int height, int width) {
        boolean sn = s.constraint() == Constraint.SN;
        long d = s.dim();
        return switch (s.arch()) {
            // gan_toy.py: 2 → 3 × [DIM ReLU] → 1, He init
            case TOY_MLP -> Critic.Spec.mlp(dataDim, new long[]{d, d, d}, s.activation(), Init.heNormal(), sn);
            // Su's Keras MLP: 784 → 128 → 32 → 1, U(−0.05, 0.05)
            case SU_MLP -> Critic.Spec.mlp(dataDim, new long[]{128, 32}, s.activation(), Init.uniform(0.05), sn);
            // gan_mnist.py: 5×5 stride-2 convolutions DIM, 2·DIM, 4·DIM (28 → 14 → 7 → 4), then Linear → 1
            case DCGAN -> {
                requireMnistShape(height, width);
                yield new Critic.Spec(new long[]{1, 28, 28}, 784, List.of(new Critic.Conv(d, 5, 2, 2),
                        new Critic.Conv(2 * d, 5, 2, 2), new Critic.Conv(4 * d, 5, 2, 2)), new long[0], s.activation(),
                        Init.heNormal(), sn);
            }
        };
    }

    static Function<ModelGraph, Generator> generator(WganSettings s, long dataDim, int height, int width) {
        long d = s.dim(), z = s.zDim();
        return switch (s.arch()) {
            case TOY_MLP -> g -> Generator.mlp(g.scope(GeneratorGraph.SCOPE), z, new long[]{d, d, d}, dataDim,
                    Activation.NONE, Init.heNormal());
            case SU_MLP -> g -> Generator.mlp(g.scope(GeneratorGraph.SCOPE), z, new long[]{32, 128}, dataDim,
                    Activation.SIGMOID, Init.uniform(0.05));
            case DCGAN -> {
                requireMnistShape(height, width);
                yield g -> Generator.dcgan28(g.scope(GeneratorGraph.SCOPE), z, d);
            }
        };
    }

    private static void requireMnistShape(int height, int width) {
        if (height != 28 || width != 28) {
            throw new UsageException("gan.arch=dcgan is built for 28x28 images (mnist, fashion-mnist), this data is "
                    + height + "x" + width + "; use gan.arch=su-mlp");
        }
    }
}
