package org.genlab.diffusion.model;

import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Locale;

/**
 * Known-pixel masks for inpainting, 1 = known, 0 = to be completed, of shape [n, 1, H, W]: "left" keeps the left half
 * (score_sde's example masks the right half), "top" the top half, "center" everything but a centred square of half
 * the side, "random" each pixel with probability ½ (one pattern per image, from the sampling seed).
 */
final class InpaintMask {
    static final List<String> KINDS = List.of("left", "top", "center", "random");

    private InpaintMask() {
    }

    static INDArray create(String kind, int n, int h, int w, Rng rng, DataType dtype) {
        String k = kind.trim().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(k)) throw new UsageException("unknown inpaint mask '" + kind + "'; choose one of " + String.join(", ", KINDS));
        float[] m = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    boolean known = switch (k) {
                        case "left" -> c < w / 2;
                        case "top" -> r < h / 2;
                        case "center" -> !(r >= h / 4 && r < h / 4 + h / 2 && c >= w / 4 && c < w / 4 + w / 2);
                        default -> rng.nextDouble() < 0.5;
                    };
                    m[(i * h + r) * w + c] = known ? 1f : 0f;
                }
            }
        }
        return Nd4j.create(m, new long[]{n, 1, h, w}, 'c').castTo(dtype);
    }
}
