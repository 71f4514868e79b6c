package org.genlab.gan.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.gan.nn.CriticActivation;
import org.genlab.gan.penalty.GradientPenalty;
import org.genlab.gan.penalty.PenaltyKind;
import org.genlab.gan.penalty.PenaltyPoints;

/**
 * The "gan" config section, with every "auto" value resolved for the data at hand (MATH.md §5.8): the toy MLP of
 * gan_toy.py on 2-D toys, Su's small MLP on images; λ = 0.1 for the Lipschitz penalties on toys (gan_toy.py) and
 * 10 on images; z ~ U(−1, 1)^10 for Su's MLP, N(0, I) otherwise.
 */
public record WganSettings(Variant variant, Arch arch, long dim, long zDim, boolean uniformZ, int nCritic,
                           CriticActivation activation, Constraint constraint, double clip, int snIters,
                           GradientPenalty penalty, PenaltyPoints penaltyPoints, Objective objective, double costQ,
                           double costP, long w1Every, boolean criticBurst) {

    /** The generator/critic pair. */
    public enum Arch {
        TOY_MLP("toy-mlp"), SU_MLP("su-mlp"), DCGAN("dcgan");

        private final String name;

        Arch(String name) {
            this.name = name;
        }

        public String configName() {
            return name;
        }

        static Arch parse(String s) {
            for (Arch a : values()) if (a.name.equals(s)) return a;
            throw new UsageException("gan.arch must be auto, toy-mlp, su-mlp or dcgan, got '" + s + "'");
        }
    }

    /** The model's section with this variant's presets. */
    public static ObjectNode defaults(Variant v) {
        ObjectNode g = Config.object();
        g.put("arch", "auto");
        g.put("dim", 0);
        g.put("z_dim", 0);
        g.put("z_dist", "auto");
        g.put("n_critic", 5);
        g.put("activation", "auto");
        g.put("constraint", v.constraint());
        g.put("clip", 0.01);
        g.put("sn_iters", 1);
        g.put("penalty", v.penalty().configName());
        g.put("lambda", -1.0);
        g.put("div_k", 2.0);
        g.put("div_p", 6.0);
        g.put("penalty_at", "auto");
        g.put("objective", v.objective() == Objective.C_TRANSFORM ? "c-transform" : "wasserstein");
        g.put("cost_q", 2.0);
        g.put("cost_p", 1.0);
        g.put("w1_every", 50);
        g.put("critic_burst", false);
        return g;
    }

    public static WganSettings from(Variant v, Config c, boolean toy) {
        String archName = c.getString("gan.arch");
        Arch arch = archName.equals("auto") ? (toy ? Arch.TOY_MLP : Arch.SU_MLP) : Arch.parse(archName);
        if (toy && arch != Arch.TOY_MLP) {
            throw new UsageException("gan.arch=" + arch.configName() + " is for images; 2-D toys use toy-mlp (or auto)");
        }
        if (!toy && arch == Arch.TOY_MLP) {
            throw new UsageException("gan.arch=toy-mlp is for 2-D toys; images use su-mlp or dcgan (or auto)");
        }
        long dim = c.getLong("gan.dim");
        if (dim < 0) throw new UsageException("gan.dim must be >= 1 (or 0 for the architecture's default), got " + dim);
        if (dim == 0) dim = arch == Arch.TOY_MLP ? 512 : arch == Arch.DCGAN ? 64 : 0;
        if (arch == Arch.SU_MLP && c.getLong("gan.dim") != 0) {
            throw new UsageException("su-mlp has fixed widths (784-128-32-1 / 10-32-128-784); leave gan.dim at 0");
        }
        long zDim = c.getLong("gan.z_dim");
        if (zDim < 0) throw new UsageException("gan.z_dim must be >= 1 (or 0 for the default), got " + zDim);
        if (zDim == 0) zDim = switch (arch) {
            case TOY_MLP -> 2;
            case SU_MLP -> 10;
            case DCGAN -> 128;
        };
        String zDist = c.getChoice("gan.z_dist", "auto", "normal", "uniform");
        boolean uniformZ = zDist.equals("auto") ? arch == Arch.SU_MLP : zDist.equals("uniform");
        int nCritic = c.getInt("gan.n_critic");
        if (nCritic < 1) throw new UsageException("gan.n_critic must be >= 1, got " + nCritic);
        String act = c.getString("gan.activation");
        CriticActivation activation = act.equals("auto")
                ? (arch == Arch.DCGAN ? CriticActivation.leakyRelu(0.2) : CriticActivation.parse("relu"))
                : CriticActivation.parse(act);
        Constraint constraint = Constraint.parse(c.getString("gan.constraint"));
        double clip = c.getDouble("gan.clip");
        if (constraint == Constraint.CLIP && !(clip > 0)) throw new UsageException("gan.clip must be > 0, got " + clip);
        int snIters = c.getInt("gan.sn_iters");
        if (snIters < 1) throw new UsageException("gan.sn_iters must be >= 1, got " + snIters);
        PenaltyKind pk = PenaltyKind.parse(c.getString("gan.penalty"));
        double lambda = c.getDouble("gan.lambda");
        if (lambda == -1.0) lambda = pk == PenaltyKind.LINEAR_HINGE || !toy ? 10.0 : 0.1;
        GradientPenalty penalty = switch (pk) {
            case NONE -> GradientPenalty.none();
            case DIV -> new GradientPenalty(pk, c.getDouble("gan.div_k"), c.getDouble("gan.div_p"));
            default -> new GradientPenalty(pk, lambda, 2);
        };
        String at = c.getString("gan.penalty_at");
        PenaltyPoints points = at.equals("auto")
                ? (pk == PenaltyKind.DIV ? PenaltyPoints.REAL_FAKE : PenaltyPoints.INTERPOLATES) : PenaltyPoints.parse(at);
        Objective objective = switch (c.getChoice("gan.objective", "wasserstein", "c-transform")) {
            case "c-transform" -> Objective.C_TRANSFORM;
            default -> Objective.WASSERSTEIN;
        };
        double q = c.getDouble("gan.cost_q"), p = c.getDouble("gan.cost_p");
        if (!(q >= 1) || !(p > 0)) throw new UsageException("gan.cost_q must be >= 1 and gan.cost_p > 0, got q=" + q + ", p=" + p);
        long w1Every = c.getLong("gan.w1_every");
        if (w1Every < 0) throw new UsageException("gan.w1_every must be >= 0 (0 turns the exact-W1 log off), got " + w1Every);
        return new WganSettings(v, arch, dim, zDim, uniformZ, nCritic, activation, constraint, clip, snIters, penalty,
                points, objective, q, p, w1Every, c.getBool("gan.critic_burst"));
    }

    /** code:arjovsky's schedule: 100 critic iterations for the first 25 generator steps and every 500th. */
    public int criticIterations(long step) {
        if (criticBurst && (step < 25 || step % 500 == 0)) return 100;
        return nCritic;
    }
}
