package org.genlab.vae.text;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The real (non-padding) positions of a right-padded batch [b, T], as the graph's vocabulary-sized work needs them:
 * decoder input ids and target ids of those N positions, and the 0/1 selector P [N, b·T] with P[k, i·T + t] = 1 for
 * the k-th real position (i, t). P·H picks their hidden states, Pᵀ·E scatters per-token rows back to [b·T].
 * N is padded up to a multiple of {@link #ROWS} (at most b·T) with all-zero selector rows (ids 0), which contribute nothing.
 *
 * <p>Why: embeddings are one-hot products (gather backprop is broken in M2.1, docs/samediff-pitfalls.md #1) and the
 * output layer is a 10k-way softmax; restricted to real tokens both cost N/(b·T) of the padded work (≈ 0.55 on Brown
 * with T = 31). P is dense, O(b²·T²/…) memory, so callers keep b small (training batches; evaluation in chunks).
 */
record RealTokens(INDArray inputIds, INDArray targetIds, INDArray selector) {
    /** Granularity of N (see {@link #of}). */
    static final int ROWS = 64;

    /** From decoder inputs x, targets y (INT32 [b, T]) and the 0/1 mask [b, T]; {@code inputs} may be null (encoder only). */
    static RealTokens of(INDArray inputs, INDArray targets, INDArray mask, DataType dtype) {
        int[][] y = targets.toIntMatrix();
        int[][] x = inputs == null ? null : inputs.toIntMatrix();
        float[][] m = mask.castTo(DataType.FLOAT).toFloatMatrix();
        int b = y.length, t = b == 0 ? 0 : y[0].length;
        int real = 0;
        for (float[] row : m) for (float v : row) if (v > 0) real++;
        // N rounded up to a multiple of ROWS: zero selector rows add nothing (their states, ids and losses are never
        // scattered back), and a handful of distinct shapes keeps native memory flat: with a new [N, V] shape at
        // every step a Brown run grew by ~25 MB/step until the OOM killer stopped it (measured)
        int n = Math.min((real + ROWS - 1) / ROWS * ROWS, Math.max(real, b * t)); // never more rows than positions
        int[] in = new int[n], tg = new int[n];
        float[] sel = new float[n * b * t];
        int k = 0;
        for (int i = 0; i < b; i++) {
            for (int s = 0; s < t; s++) {
                if (m[i][s] <= 0) continue;
                if (x != null) in[k] = x[i][s];
                tg[k] = y[i][s];
                sel[k * b * t + i * t + s] = 1f;
                k++;
            }
        }
        return new RealTokens(Nd4j.createFromArray(in), Nd4j.createFromArray(tg),
                Nd4j.createFromArray(sel).reshape(n, (long) b * t).castTo(dtype));
    }
}
