package org.genlab.diffusion.model;

import org.genlab.common.UsageException;
import org.genlab.common.config.Config;
import org.genlab.common.data.Toy2d;
import org.genlab.diffusion.loss.DsmLoss;
import org.genlab.diffusion.nn.NetSpec;
import org.genlab.diffusion.sde.Sde;
import org.genlab.diffusion.sde.SdeFactory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The score-sde config sections, parsed and checked: "sde" (type and constants; sigma_max = 0 means "the largest
 * distance between training points", score_sde's README tip), "net" (kind auto = mlp for toys, unet for images),
 * "loss" (λ(t) weighting, reduction, ε_train) and "images" (data range and dequantisation).
 */
record ScoreSdeSettings(String data, boolean toy, String sdeType, Map<String, Double> sdeParams, boolean autoSigmaMax,
                        NetSpec net, DsmLoss.Weighting weighting, DsmLoss.Reduction reduction, double epsTrain,
                        boolean centered, boolean dequantize) {

    static ScoreSdeSettings from(Config c) {
        String data = c.getString("data");
        boolean toy = Toy2d.isToy(data);
        String type = c.getString("sde.type").trim().toLowerCase(Locale.ROOT);
        if (!SdeFactory.NAMES.contains(type)) {
            throw new UsageException("sde.type must be one of " + String.join(", ", SdeFactory.NAMES) + ", got '" + c.getString("sde.type") + "'");
        }
        Map<String, Double> params = new LinkedHashMap<>();
        boolean auto = false;
        if (type.equals("ve")) {
            params.put("sigma_min", c.getDouble("sde.sigma_min"));
            double smax = c.getDouble("sde.sigma_max");
            if (smax == 0) auto = true;
            else params.put("sigma_max", smax);
        } else {
            params.put("beta_min", c.getDouble("sde.beta_min"));
            params.put("beta_max", c.getDouble("sde.beta_max"));
        }
        params.put("N", (double) c.getLong("sde.N"));
        String kind = c.getChoice("net.kind", "auto", NetSpec.MLP, NetSpec.UNET);
        if (kind.equals("auto")) kind = toy ? NetSpec.MLP : NetSpec.UNET;
        NetSpec net = new NetSpec(kind, longs(c, "net.hidden"), longs(c, "net.channels"), c.getInt("net.embed_dim"),
                c.getString("net.embedding"), c.getDouble("net.fourier_scale"), c.getInt("net.groups"), c.getInt("net.res_blocks"),
                c.getInts("net.attention"));
        DsmLoss.Weighting w = switch (c.getChoice("loss.weighting", "sigma2", "likelihood")) {
            case "sigma2" -> DsmLoss.Weighting.SIGMA_SQUARED;
            default -> DsmLoss.Weighting.LIKELIHOOD;
        };
        DsmLoss.Reduction r = switch (c.getChoice("loss.reduction", "auto", "mean", "half_sum")) {
            case "mean" -> DsmLoss.Reduction.MEAN;
            case "half_sum" -> DsmLoss.Reduction.HALF_SUM;
            default -> null;
        };
        String centered = c.getChoice("images.centered", "auto", "true", "false");
        boolean cent = centered.equals("auto") ? !type.equals("ve") : centered.equals("true");
        return new ScoreSdeSettings(data, toy, type, params, auto, net, w, r, c.getDouble("loss.eps"), cent,
                c.getBool("images.dequantize"));
    }

    /** The SDE; {@code dataSigmaMax} (the largest distance between training points) is used when sigma_max is auto. */
    Sde sde(double dataSigmaMax) {
        Map<String, Double> p = new LinkedHashMap<>(sdeParams);
        if (autoSigmaMax) p.put("sigma_max", dataSigmaMax);
        return SdeFactory.parse(sdeType, p);
    }

    private static long[] longs(Config c, String key) {
        int[] v = c.getInts(key);
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }
}
