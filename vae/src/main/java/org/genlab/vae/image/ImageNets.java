package org.genlab.vae.image;

import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Conv2d;
import org.genlab.common.nn.ConvTranspose2d;
import org.genlab.common.nn.Linear;
import org.genlab.common.nn.Mlp;
import org.genlab.common.nn.Module;
import org.genlab.common.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Encoder and decoder networks for h×w grey images as flat rows [b, h·w].
 * <ul>
 *   <li>mlp: encoder D → hidden[0] → … → hidden[k] with ReLU after every layer (the features the posterior heads read);
 *       decoder z → hidden[k] → … → hidden[0] → D logits (the S-VAE example's shape, MATH.md §3.6).</li>
 *   <li>conv: encoder of stride-2 3×3 convolutions (channels[0], channels[1], …, ReLU), flattened, then one ReLU
 *       linear layer to hidden[last]; decoder the mirror image with transposed convolutions whose output padding
 *       restores the exact sizes (28 → 14 → 7 → 14 → 28; 8 → 4 → 2 → 4 → 8).</li>
 * </ul>
 */
public final class ImageNets {
    private ImageNets() {
    }

    /** An encoder: its module and the width of its output features. */
    public record Encoder(Module net, long features) {
    }

    public static Encoder encoder(Scope scope, String arch, int height, int width, int[] hidden, int[] channels) {
        long d = (long) height * width;
        if (arch.equals("mlp")) {
            long[] sizes = new long[hidden.length + 1];
            sizes[0] = d;
            for (int i = 0; i < hidden.length; i++) sizes[i + 1] = hidden[i];
            Mlp mlp = new Mlp(scope.child("mlp"), sizes, Activation.RELU);
            return new Encoder(x -> mlp.apply(x, true), hidden[hidden.length - 1]);
        }
        List<Conv2d> convs = new ArrayList<>();
        long h = height, w = width, in = 1;
        for (int i = 0; i < channels.length; i++) {
            Conv2d c = new Conv2d(scope.child("conv" + i), in, channels[i], 3, 2, 1, true);
            convs.add(c);
            h = c.outputSize(h);
            w = c.outputSize(w);
            in = channels[i];
        }
        long flat = in * h * w;
        int feat = hidden[hidden.length - 1];
        Linear fc = new Linear(scope.child("fc"), flat, feat);
        Module net = x -> {
            SameDiff sd = x.getSameDiff();
            SDVariable y = reshapeKeepBatch(sd, x, 1, height, width);
            for (Conv2d c : convs) y = Activation.RELU.apply(c.apply(y));
            return Activation.RELU.apply(fc.apply(reshapeKeepBatch(sd, y, flat)));
        };
        return new Encoder(net, feat);
    }

    /**
     * The decoder: z [b, zDim] → outputs [b, k·h·w], k values per pixel (k = 1: logits; k = 2: the logistic's μ and
     * log s), laid out plane by plane ([plane 0 | plane 1]).
     */
    public static Module decoder(Scope scope, String arch, int zDim, int height, int width, int[] hidden, int[] channels,
                                 int perPixel) {
        long d = (long) height * width * perPixel;
        if (arch.equals("mlp")) {
            long[] sizes = new long[hidden.length + 2];
            sizes[0] = zDim;
            for (int i = 0; i < hidden.length; i++) sizes[i + 1] = hidden[hidden.length - 1 - i];
            sizes[sizes.length - 1] = d;
            return new Mlp(scope.child("mlp"), sizes, Activation.RELU);
        }
        int k = channels.length;
        long[] hs = new long[k + 1], ws = new long[k + 1];
        hs[0] = height;
        ws[0] = width;
        for (int i = 0; i < k; i++) {
            hs[i + 1] = (hs[i] + 1) / 2; // 3×3, stride 2, padding 1
            ws[i + 1] = (ws[i] + 1) / 2;
        }
        long top = channels[k - 1];
        long flat = top * hs[k] * ws[k];
        Linear fc1 = new Linear(scope.child("fc0"), zDim, hidden[hidden.length - 1]);
        Linear fc2 = new Linear(scope.child("fc1"), hidden[hidden.length - 1], flat);
        List<ConvTranspose2d> ups = new ArrayList<>();
        for (int i = k; i >= 1; i--) {
            long inC = channels[i - 1], outC = i >= 2 ? channels[i - 2] : perPixel;
            int op = ConvTranspose2d.outputPaddingFor(hs[i], hs[i - 1], 3, 2, 1);
            int opW = ConvTranspose2d.outputPaddingFor(ws[i], ws[i - 1], 3, 2, 1);
            if (op != opW) throw new IllegalArgumentException("conv decoder needs square-compatible sizes, got " + height + "x" + width);
            ups.add(new ConvTranspose2d(scope.child("deconv" + (k - i)), inC, outC, 3, 2, 1, op, true));
        }
        return z -> {
            SameDiff sd = z.getSameDiff();
            SDVariable y = fc2.apply(fc1.apply(z, Activation.RELU), Activation.RELU);
            y = reshapeKeepBatch(sd, y, top, hs[k], ws[k]);
            for (int i = 0; i < ups.size(); i++) {
                y = ups.get(i).apply(y);
                if (i + 1 < ups.size()) y = Activation.RELU.apply(y);
            }
            return reshapeKeepBatch(sd, y, d);
        };
    }

    /** Reshape to [n, rest…] with n the dynamic batch size. */
    public static SDVariable reshapeKeepBatch(SameDiff sd, SDVariable x, long... rest) {
        SDVariable shape = sd.shape(x);
        SDVariable n = sd.slice(shape, new int[]{0}, new int[]{1});
        SDVariable tail = sd.constant(Nd4j.createFromArray(rest).castTo(shape.dataType()));
        return sd.reshape(x, sd.concat(0, n, tail));
    }
}
