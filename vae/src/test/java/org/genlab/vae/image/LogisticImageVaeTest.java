package org.genlab.vae.image;

import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.common.data.ImageDataset;
import org.genlab.common.model.EvalRequest;
import org.genlab.common.model.SampleRequest;
import org.genlab.common.state.StateBundle;
import org.genlab.vae.model.VaeKind;
import org.genlab.vae.model.VaeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image VAE with the discretised logistic likelihood on grey (256-level, not binarised) pixels, MLP and conv:
 * a few training steps lower −ELBO, the state round-trips, evaluation reports bits/dim = nats / (D ln 2), and the
 * decoded pictures are written.
 */
class LogisticImageVaeTest {

    @Test
    void trainsOnGreyPixelsAndReportsBitsPerDim(@TempDir Path dir) {
        ImageDataset data = SyntheticImages.greyDataset(8, 8);
        for (String arch : List.of("mlp", "conv")) {
            Config c = ImageVaeTest.config(VaeKind.BN_VAE, "vae.likelihood", "logistic", "vae.arch", arch, "vae.channels", "[4, 8]", "train.lr", "0.01");
            ImageVae m = ImageVaeTest.model(c, data, 3);
            double first = 0, last = 0;
            int steps = arch.equals("mlp") ? 60 : 15; // conv: only that it runs end to end (it is slower)
            for (int s = 0; s < steps; s++) {
                Map<String, Double> r = m.trainStep(s);
                assertTrue(Double.isFinite(r.get("loss")), arch + " step " + s + ": " + r);
                if (s < 5) first += r.get("neg_elbo") / 5;
                if (s >= steps - 5) last += r.get("neg_elbo") / 5;
            }
            // uniform over 256 levels is 64·ln 256 = 355 nats (the data's entropy is ~195: 16 noise levels in the
            // background, 136 bar levels); Adam moves the log-scales ~lr per step, so 60 steps only start the descent
            if (arch.equals("mlp")) assertTrue(last < first - 50 && last < 64 * Math.log(256), arch + ": -ELBO " + first + " -> " + last);
            StateBundle b = new StateBundle();
            m.writeState(b);
            ImageVae copy = ImageVaeTest.model(c, data, 3);
            copy.readState(b);
            EvalRequest req = new EvalRequest(List.of(), 48, Map.of("samples", "5"), 1);
            Map<String, Double> e = m.evaluate(req);
            assertEquals(e, copy.evaluate(req), arch + ": restored model evaluates identically");
            double ln2d = 64 * Math.log(2);
            assertEquals(e.get("nll_iw") / ln2d, e.get("bpd_iw"), 1e-12);
            assertEquals(-e.get("elbo") / ln2d, e.get("bpd_elbo"), 1e-12);
            // a mass over 256 levels: 0 < bits/dim, and training has beaten the uniform 8 bits/dim
            assertTrue(e.get("bpd_iw") > 0 && (arch.equals("conv") || e.get("bpd_iw") < 8), arch + ": " + e);
            Path out = dir.resolve(arch + "-reconstruct.png");
            m.sample(new SampleRequest(16, "reconstruct", Map.of(), 1), out);
            assertTrue(Files.isRegularFile(out) && out.toFile().length() > 100);
        }
    }

    @Test
    void unknownLikelihoodNamesTheChoices() {
        Config c = ImageVaeTest.config(VaeKind.VAE, "vae.likelihood", "poisson");
        UsageException ex = assertThrows(UsageException.class, () -> VaeSettings.from(c));
        assertTrue(ex.getMessage().contains("logistic"), ex.getMessage());
    }
}
