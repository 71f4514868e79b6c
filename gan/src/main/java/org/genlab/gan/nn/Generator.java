package org.genlab.gan.nn;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.ConvTranspose2d;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.Linear;
import org.genlab.common.nn.Module;
import org.genlab.common.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.ArrayList;
import java.util.List;

/**
 * A generator G: z ↦ x with flat outputs [n, d]. Two shapes (MATH.md §5.8): an MLP (gan_toy.py: 3 × 512 ReLU, linear
 * output; Su's Fashion-MNIST GAN: 10 → 32 → 128 → 784 sigmoid) and the DCGAN-style generator of gan_mnist.py
 * (Linear to 4·4·4DIM, ReLU, then 5×5 stride-2 transposed convolutions 4→7→14→28 with ReLU, sigmoid output).
 * Biases start at zero, as in both reference codes.
 */
public final class Generator implements Module {
    private final List<Module> layers = new ArrayList<>();
    private final long outputDim;

    private Generator(long outputDim) {
        this.outputDim = outputDim;
    }

    /** zDim → hidden… (ReLU) → outputDim, then {@code output} (NONE for toys, SIGMOID for [0, 1] images). */
    public static Generator mlp(Scope scope, long zDim, long[] hidden, long outputDim, Activation output, Init init) {
        Generator g = new Generator(outputDim);
        long width = zDim;
        for (int i = 0; i < hidden.length; i++) {
            g.layers.add(new Linear(scope.child("fc" + i), width, hidden[i], true, init, Init.zeros()));
            g.layers.add(Activation.RELU);
            width = hidden[i];
        }
        g.layers.add(new Linear(scope.child("out"), width, outputDim, true, init, Init.zeros()));
        g.layers.add(output);
        return g;
    }

    /**
     * gan_mnist.py's generator for 1×28×28 images: z → Linear(4·4·4·dim) → ReLU → [4·dim, 4, 4] → ConvT 5×5/2 to
     * 2·dim at 7×7 (the reference crops 8×8 to 7×7; padding 2 gives 7 directly) → ReLU → ConvT to dim at 14×14 → ReLU
     * → ConvT to 1 at 28×28 → sigmoid.
     */
    public static Generator dcgan28(Scope scope, long zDim, long dim) {
        Generator g = new Generator(28 * 28);
        g.layers.add(new Linear(scope.child("fc"), zDim, 4 * 4 * 4 * dim, true, Init.heNormal(), Init.zeros()));
        g.layers.add(Activation.RELU);
        g.layers.add(x -> x.reshape(-1, 4 * dim, 4, 4));
        g.layers.add(new ConvTranspose2d(scope.child("deconv0"), 4 * dim, 2 * dim, 5, 2, 2,
                ConvTranspose2d.outputPaddingFor(4, 7, 5, 2, 2), true));
        g.layers.add(Activation.RELU);
        g.layers.add(new ConvTranspose2d(scope.child("deconv1"), 2 * dim, dim, 5, 2, 2,
                ConvTranspose2d.outputPaddingFor(7, 14, 5, 2, 2), true));
        g.layers.add(Activation.RELU);
        g.layers.add(new ConvTranspose2d(scope.child("deconv2"), dim, 1, 5, 2, 2,
                ConvTranspose2d.outputPaddingFor(14, 28, 5, 2, 2), true));
        g.layers.add(Activation.SIGMOID);
        g.layers.add(x -> x.reshape(-1, 28 * 28));
        return g;
    }

    @Override
    public SDVariable apply(SDVariable z) {
        SDVariable h = z;
        for (Module m : layers) h = m.apply(h);
        return h;
    }

    public long outputDim() {
        return outputDim;
    }
}
