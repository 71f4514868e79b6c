package org.genlab.gan.model;

import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.common.model.ModelRegistry;
import org.genlab.gan.penalty.PenaltyKind;
import org.genlab.gan.penalty.PenaltyPoints;
import org.genlab.gan.testing.Wgans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The presets of each variant (MATH.md §5, §5.8) and clear errors for what a user can get wrong. */
class SettingsTest {
    @TempDir
    Path dir;

    private static WganSettings settings(String model, String data, String... kv) {
        Config c = Wgans.config(model, data, kv);
        return WganSettings.from(((WganFactory) new ModelRegistry().get(model)).variant(), c, data.startsWith("toy:"));
    }

    @Test
    void allSixVariantsAreRegisteredWithTheirPaperDefaults() {
        ModelRegistry reg = new ModelRegistry();
        for (String n : List.of("wgan-clip", "wgan-gp", "wgan-lp", "wgan-div", "wgan-sn", "wgan-ct")) {
            assertEquals("gan", reg.get(n).family());
        }
        Config clip = Wgans.config("wgan-clip", "toy:8gaussians");
        assertEquals("rmsprop", clip.getString("train.optimizer"));
        assertEquals(5e-5, clip.getDouble("train.lr"));
        assertEquals(Constraint.CLIP, settings("wgan-clip", "toy:8gaussians").constraint());
        assertEquals(0.01, settings("wgan-clip", "toy:8gaussians").clip());
        Config gp = Wgans.config("wgan-gp", "toy:8gaussians");
        assertEquals(1e-4, gp.getDouble("train.lr"));
        assertEquals(0.5, gp.getDouble("train.beta1"));
        assertEquals(0.9, gp.getDouble("train.beta2"));
        WganSettings toyGp = settings("wgan-gp", "toy:8gaussians");
        assertEquals(0.1, toyGp.penalty().weight(), "gan_toy.py: lambda 0.1 on toys");
        assertEquals(PenaltyPoints.INTERPOLATES, toyGp.penaltyPoints());
        assertEquals(WganSettings.Arch.TOY_MLP, toyGp.arch());
        assertEquals(512, toyGp.dim());
        assertEquals(2, toyGp.zDim());
        assertEquals(5, toyGp.nCritic());
        WganSettings imgGp = settings("wgan-gp", "fashion-mnist");
        assertEquals(10.0, imgGp.penalty().weight());
        assertEquals(WganSettings.Arch.SU_MLP, imgGp.arch());
        assertEquals(10, imgGp.zDim());
        assertTrue(imgGp.uniformZ(), "Su: z ~ U(-1, 1)^10");
        assertEquals(PenaltyKind.ONE_SIDED, settings("wgan-lp", "toy:8gaussians").penalty().kind());
        WganSettings hinge = settings("wgan-lp", "toy:8gaussians", "gan.penalty", "linear-hinge");
        assertEquals(10.0, hinge.penalty().weight(), "Su's linear hinge uses 10");
        WganSettings div = settings("wgan-div", "toy:8gaussians");
        assertEquals(2.0, div.penalty().weight());
        assertEquals(6.0, div.penalty().power());
        assertEquals(PenaltyPoints.REAL_FAKE, div.penaltyPoints());
        assertEquals(Constraint.SN, settings("wgan-sn", "toy:8gaussians").constraint());
        assertEquals(Objective.C_TRANSFORM, settings("wgan-ct", "toy:8gaussians").objective());
        WganSettings dc = settings("wgan-gp", "mnist", "gan.arch", "dcgan");
        assertEquals(64, dc.dim());
        assertEquals(128, dc.zDim());
        assertFalse(dc.uniformZ());
        assertTrue(dc.activation().piecewiseLinear());
    }

    @Test
    void criticBurstFollowsArjovskysSchedule() {
        WganSettings s = settings("wgan-clip", "toy:8gaussians", "gan.critic_burst", "true");
        assertEquals(100, s.criticIterations(0));
        assertEquals(100, s.criticIterations(24));
        assertEquals(5, s.criticIterations(25));
        assertEquals(100, s.criticIterations(500));
        assertEquals(5, settings("wgan-clip", "toy:8gaussians").criticIterations(0));
    }

    @Test
    void userErrorsAreUsageExceptions() {
        assertThrows(UsageException.class, () -> settings("wgan-gp", "toy:8gaussians", "gan.arch", "dcgan"));
        assertThrows(UsageException.class, () -> settings("wgan-gp", "mnist", "gan.arch", "toy-mlp"));
        assertThrows(UsageException.class, () -> settings("wgan-gp", "mnist", "gan.dim", "64"));
        assertThrows(UsageException.class, () -> settings("wgan-gp", "toy:8gaussians", "gan.penalty", "three-sided"));
        assertThrows(UsageException.class, () -> settings("wgan-gp", "toy:8gaussians", "gan.penalty_at", "anywhere"));
        assertThrows(UsageException.class, () -> settings("wgan-div", "toy:8gaussians", "gan.div_p", "1"));
        assertThrows(UsageException.class, () -> settings("wgan-gp", "toy:8gaussians", "gan.n_critic", "0"));
        assertThrows(UsageException.class, () -> settings("wgan-gp", "toy:8gaussians", "gan.activation", "wobbly"));
        assertThrows(UsageException.class, () -> settings("wgan-gp", "toy:8gaussians", "gan.constraint", "box"));
        assertThrows(UsageException.class, () -> settings("wgan-ct", "toy:8gaussians", "gan.cost_q", "0.5"));
        assertThrows(UsageException.class, () -> settings("wgan-gp", "toy:8gaussians", "gan.objective", "kl"));
        assertThrows(UsageException.class, () -> Wgans.create("wgan-gp", "digits", dir, "gan.arch", "dcgan"));
        assertThrows(UsageException.class, () -> Wgans.create("wgan-gp", "toy:8gaussians", dir, "train.accum", "2"));
        assertThrows(UsageException.class, () -> Wgans.create("wgan-gp", "sentences", dir));
    }
}
