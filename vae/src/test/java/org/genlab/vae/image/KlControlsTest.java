package org.genlab.vae.image;

import org.genlab.common.config.Config;
import org.genlab.common.data.ImageDataset;
import org.genlab.vae.model.VaeKind;
import org.genlab.vae.model.VaeObjective;
import org.genlab.vae.model.VaeSettings;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The baseline's KL controls: the annealing schedule (linear from kl_start to 1 over kl_warmup steps) and free
 * bits, whose masks remove the KL's gradient exactly where the KL is below the target (total per example, or
 * per dimension with target/d) while the reported KL stays the true one.
 */
class KlControlsTest {
    @Test
    void annealingIsLinearFromStartToOne() {
        Config c = ImageVaeTest.config(VaeKind.VAE, "vae.kl_start", "0.2", "vae.kl_warmup", "100");
        VaeSettings s = VaeSettings.from(c);
        assertEquals(0.2, s.klWeight(0), 1e-15);
        assertEquals(0.6, s.klWeight(50), 1e-15);
        assertEquals(1.0, s.klWeight(100), 1e-15);
        assertEquals(1.0, s.klWeight(1000), 1e-15);
        assertEquals(1.0, VaeSettings.from(ImageVaeTest.config(VaeKind.VAE)).klWeight(0));
    }

    private static Map<String, INDArray> grads(ImageVae m, Map<String, INDArray> feeds, double klWeight) {
        Map<String, INDArray> f = new HashMap<>(feeds);
        f.put(VaeObjective.KL_WEIGHT, Nd4j.scalar(m.graph().dtype(), klWeight));
        return m.graph().sd().calculateGradients(m.graph().feeds(f, true), List.of("post/logvar/b", "post/mu/b"));
    }

    @Test
    void freeBitsMaskTheKlGradientBelowTheTarget() {
        ImageDataset data = SyntheticImages.dataset(8, 8);
        for (String mode : List.of("total", "dim")) {
            // a target far above any KL: the KL term has no gradient at all, the loss gradient is the reconstruction's
            ImageVae high = ImageVaeTest.model(ImageVaeTest.config(VaeKind.VAE, "vae.free_bits_mode", mode, "vae.free_bits", "1e6"), data, 9);
            Map<String, INDArray> feeds = high.trainingFeeds(0);
            Map<String, INDArray> withKl = grads(high, feeds, 1.0), noKl = grads(high, feeds, 0.0);
            for (String p : withKl.keySet()) assertEquals(noKl.get(p), withKl.get(p), mode + ": " + p);
            // a target of ~0: every KL term is above it and the gradient is the full ELBO's
            ImageVae low = ImageVaeTest.model(ImageVaeTest.config(VaeKind.VAE, "vae.free_bits_mode", mode, "vae.free_bits", "1e-9"), data, 9);
            ImageVae plain = ImageVaeTest.model(ImageVaeTest.config(VaeKind.VAE), data, 9);
            Map<String, INDArray> gLow = grads(low, feeds, 1.0), gPlain = grads(plain, feeds, 1.0);
            for (String p : gLow.keySet()) {
                assertTrue(gLow.get(p).equalsWithEps(gPlain.get(p), 1e-6), mode + ": " + p + " " + gLow.get(p) + " vs " + gPlain.get(p));
            }
            // the reported KL is unmasked
            double kl = high.graph().sd().output(high.graph().feeds(feeds, true), VaeObjective.KL).get(VaeObjective.KL).meanNumber().doubleValue();
            assertTrue(kl > 0, "reported KL " + kl);
        }
    }
}
