package org.genlab.common.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * C = op(A)·op(B) in Java for matrix products with one tiny side (at most {@value #TINY} rows, inner length or
 * columns): the input and output layers of 2-D toy networks, a time embedding's one row, and their gradients.
 * OpenBLAS packs its panels for every product, which costs more than the arithmetic here: at 1 thread ND4J took
 * 46 µs for [1000, 128]·[128, 2], 27–69 µs for [1000, 2]·[2, 128] and 11 µs for [1, 128]·[128, 128], where
 * PyTorch's own kernels took 6.5, 9.7 and 1.1 µs (docs/benchmarks.md, session 10).
 *
 * <p>A, B and C are dense C-order float32 buffers: A stored [M, K] (or [K, M] when transposed), B stored [K, N] (or
 * [N, K]), C [M, N]. Each element of C is summed over k in one fixed order by one thread, so results do not depend
 * on the thread count. Three loop forms cover the tiny cases; {@link #form} says which applies (none: leave the
 * product to ND4J).
 */
final class SmallGemm {
    /** The largest "tiny" dimension. */
    static final int TINY = 4;
    /** Inner lengths below this are not worth a vector dot product. */
    private static final int MIN_DOT = 16;
    /** Output elements worth a second thread. */
    private static final int GRAIN = 1 << 16;

    enum Form {
        /** C[i, j..j+L] = Σ_k A(i, k)·B[k, j..j+L]: vectors along B's and C's rows (B stored [K, N]). */
        ROWS,
        /** C[i, j] = A[i, :]·Bᵀ[j, :]: vector dot products along k (A stored [M, K]; B's columns copied if need be). */
        DOTS,
        /** C[i..i+L, j] = Σ_k B(k, j)·A[i..i+L, k]: vectors along A's columns (A stored [K, M]), for few columns. */
        COLUMNS
    }

    private SmallGemm() {
    }

    /** The loop form for these sizes and layouts, or null when the product is not tiny enough or no form fits. */
    static Form form(long m, long k, long n, boolean transposeA, boolean transposeB) {
        if (m <= 0 || k <= 0 || n <= 0 || m * k > Integer.MAX_VALUE || k * n > Integer.MAX_VALUE || m * n > Integer.MAX_VALUE) {
            return null;
        }
        if (Math.min(m, Math.min(k, n)) > TINY) return null;
        // B's rows: where it is stored [K, N], or copied out of [N, K] when K is tiny. A's rows: stored [M, K], or K = 1.
        boolean rowsOfB = !transposeB || k <= TINY, rowsOfA = !transposeA || k == 1;
        if (rowsOfB && n >= Lanes.SP.length() && Math.min(m, k) <= TINY) return Form.ROWS;
        if ((n <= TINY || m <= TINY) && rowsOfA && k >= MIN_DOT) return Form.DOTS;
        if (n <= TINY && transposeA && m >= Lanes.SP.length()) return Form.COLUMNS;
        return null;
    }

    /** C = op(A)·op(B) by {@code form} ({@link #form} of the same sizes and flags). */
    static void multiply(Form form, ByteBuffer a, ByteBuffer b, ByteBuffer c, int m, int k, int n, boolean transposeA,
                         boolean transposeB) {
        // Strides of A(i, k) and B(k, j) in elements.
        int aI = transposeA ? 1 : k, aK = transposeA ? m : 1;
        int bK = transposeB ? 1 : n, bJ = transposeB ? k : 1;
        switch (form) {
            case ROWS -> {
                ByteBuffer br = transposeB && k > 1 ? transpose(b, n, k) : b;
                int rowStride = transposeB && k > 1 ? n : bK;
                KernelThreads.run(m, Math.max(1, GRAIN / n), (part, from, to) -> {
                    if (k == 1) rows1(a, aI, br, c, from, to, n);
                    else if (k == 2) rows2(a, aI, aK, br, rowStride, c, from, to, n);
                    else rows(a, aI, aK, br, rowStride, c, from, to, k, n);
                });
            }
            case DOTS -> {
                ByteBuffer bt = transposeB ? b : transpose(b, k, n);
                KernelThreads.run(m, Math.max(1, GRAIN / n), (part, from, to) -> dots(a, bt, c, from, to, k, n));
            }
            case COLUMNS -> columnsOfA(a, aK, b, bK, bJ, c, m, k, n);
        }
    }

    /**
     * ROWS on rows [from, to) of C; B's row q starts at q·bK. Row i of C is built as a sum of scaled rows of B, one
     * streaming pass per k: C2 compiles such loops well, while a vector loop around a short inner loop over k ran
     * with its bounds checks out of line.
     */
    private static void rows(ByteBuffer a, int aI, int aK, ByteBuffer b, int bK, ByteBuffer c, int from, int to, int k, int n) {
        for (int i = from; i < to; i++) {
            int ai = i * aI, ci = i * n;
            scaleRow(b, 0, a.getFloat(ai << 2), c, ci, n);
            for (int q = 1; q < k; q++) addScaledRow(b, q * bK, a.getFloat((ai + q * aK) << 2), c, ci, n);
        }
    }

    /** y[yAt, yAt + len) = s·x[xAt, xAt + len). */
    private static void scaleRow(ByteBuffer x, int xAt, float s, ByteBuffer y, int yAt, int len) {
        FloatVector v = FloatVector.broadcast(Lanes.SP, s);
        int step = Lanes.SP.length(), bound = Lanes.SP.loopBound(len), j = 0;
        for (; j < bound; j += step) Lanes.store(Lanes.load(x, xAt + j).mul(v), y, yAt + j);
        for (; j < len; j++) y.putFloat((yAt + j) << 2, s * x.getFloat((xAt + j) << 2));
    }

    /** y[yAt, yAt + len) += s·x[xAt, xAt + len). */
    private static void addScaledRow(ByteBuffer x, int xAt, float s, ByteBuffer y, int yAt, int len) {
        FloatVector v = FloatVector.broadcast(Lanes.SP, s);
        int step = Lanes.SP.length(), bound = Lanes.SP.loopBound(len), j = 0;
        for (; j < bound; j += step) Lanes.store(Lanes.load(x, xAt + j).fma(v, Lanes.load(y, yAt + j)), y, yAt + j);
        for (; j < len; j++) y.putFloat((yAt + j) << 2, y.getFloat((yAt + j) << 2) + s * x.getFloat((xAt + j) << 2));
    }

    // ROWS for K = 1 and 2 (a 2-D toy's input layer, an outer product): A's factors broadcast once per row. The
    // loop over k in rows() cost twice as long there (49 against 24 µs on [1000, 2]·[2, 128]).

    private static void rows1(ByteBuffer a, int aI, ByteBuffer b, ByteBuffer c, int from, int to, int n) {
        int step = Lanes.SP.length(), bound = Lanes.SP.loopBound(n);
        for (int i = from; i < to; i++) {
            float x0 = a.getFloat((i * aI) << 2);
            FloatVector a0 = FloatVector.broadcast(Lanes.SP, x0);
            int ci = i * n, j = 0;
            for (; j < bound; j += step) Lanes.store(Lanes.load(b, j).mul(a0), c, ci + j);
            for (; j < n; j++) c.putFloat((ci + j) << 2, x0 * b.getFloat(j << 2));
        }
    }

    private static void rows2(ByteBuffer a, int aI, int aK, ByteBuffer b, int bK, ByteBuffer c, int from, int to, int n) {
        int step = Lanes.SP.length(), bound = Lanes.SP.loopBound(n);
        for (int i = from; i < to; i++) {
            float x0 = a.getFloat((i * aI) << 2), x1 = a.getFloat((i * aI + aK) << 2);
            FloatVector a0 = FloatVector.broadcast(Lanes.SP, x0), a1 = FloatVector.broadcast(Lanes.SP, x1);
            int ci = i * n, j = 0;
            for (; j < bound; j += step) Lanes.store(Lanes.load(b, bK + j).fma(a1, Lanes.load(b, j).mul(a0)), c, ci + j);
            for (; j < n; j++) c.putFloat((ci + j) << 2, x0 * b.getFloat(j << 2) + x1 * b.getFloat((bK + j) << 2));
        }
    }

    /**
     * DOTS on rows [from, to) of C: A stored [M, K], {@code bt} holds Bᵀ as [N, K]. Blocks of 4 rows × 2 columns
     * share their loads (an odd last column pairs with itself); 24 against 40 µs for one row and column at a time on
     * [1000, 128]·[128, 2].
     */
    private static void dots(ByteBuffer a, ByteBuffer bt, ByteBuffer c, int from, int to, int k, int n) {
        int i = from;
        for (; i + 4 <= to; i += 4) {
            for (int j = 0; j < n; j += 2) dots4x2(a, bt, c, i, j, Math.min(j + 1, n - 1), k, n);
        }
        dotsOneByOne(a, bt, c, i, to, k, n);
    }

    /** C[i..i+3, j0] and C[i..i+3, j1] (j1 may be j0). */
    private static void dots4x2(ByteBuffer a, ByteBuffer bt, ByteBuffer c, int i, int j0, int j1, int k, int n) {
        int step = Lanes.SP.length(), bound = Lanes.SP.loopBound(k);
        FloatVector s00 = FloatVector.zero(Lanes.SP), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        int a0 = i * k, b0 = j0 * k, b1 = j1 * k, q = 0;
        for (; q < bound; q += step) {
            FloatVector y0 = Lanes.load(bt, b0 + q), y1 = Lanes.load(bt, b1 + q);
            FloatVector x = Lanes.load(a, a0 + q);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            x = Lanes.load(a, a0 + k + q);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            x = Lanes.load(a, a0 + 2 * k + q);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            x = Lanes.load(a, a0 + 3 * k + q);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
        }
        float[] s = {s00.reduceLanes(VectorOperators.ADD), s01.reduceLanes(VectorOperators.ADD),
                s10.reduceLanes(VectorOperators.ADD), s11.reduceLanes(VectorOperators.ADD),
                s20.reduceLanes(VectorOperators.ADD), s21.reduceLanes(VectorOperators.ADD),
                s30.reduceLanes(VectorOperators.ADD), s31.reduceLanes(VectorOperators.ADD)};
        for (int r = 0; r < 4; r++) {
            int ar = a0 + r * k;
            float t0 = s[2 * r], t1 = s[2 * r + 1];
            for (int p = q; p < k; p++) {
                float x = a.getFloat((ar + p) << 2);
                t0 += x * bt.getFloat((b0 + p) << 2);
                t1 += x * bt.getFloat((b1 + p) << 2);
            }
            c.putFloat(((i + r) * n + j0) << 2, t0);
            c.putFloat(((i + r) * n + j1) << 2, t1);
        }
    }

    /** DOTS one element at a time, for the rows left after the blocks of 4. */
    private static void dotsOneByOne(ByteBuffer a, ByteBuffer bt, ByteBuffer c, int from, int to, int k, int n) {
        int step = Lanes.SP.length(), bound = Lanes.SP.loopBound(k);
        for (int i = from; i < to; i++) {
            int ai = i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                FloatVector acc = FloatVector.zero(Lanes.SP);
                int q = 0;
                for (; q < bound; q += step) acc = Lanes.load(a, ai + q).fma(Lanes.load(bt, bj + q), acc);
                float s = acc.reduceLanes(VectorOperators.ADD);
                for (; q < k; q++) s += a.getFloat((ai + q) << 2) * bt.getFloat((bj + q) << 2);
                c.putFloat((i * n + j) << 2, s);
            }
        }
    }

    /**
     * COLUMNS: A stored [K, M] (A(i, k) at k·M + i), few columns of C. Column j is a sum of scaled rows of the stored
     * A, built in place when C is one column, else in a scratch row and then written through C's stride n.
     */
    private static void columnsOfA(ByteBuffer a, int aK, ByteBuffer b, int bK, int bJ, ByteBuffer c, int m, int k, int n) {
        ByteBuffer col = n == 1 ? c : ByteBuffer.allocate(m * 4).order(ByteOrder.nativeOrder());
        for (int j = 0; j < n; j++) {
            scaleRow(a, 0, b.getFloat((j * bJ) << 2), col, 0, m);
            for (int q = 1; q < k; q++) addScaledRow(a, q * aK, b.getFloat((q * bK + j * bJ) << 2), col, 0, m);
            if (n > 1) for (int i = 0; i < m; i++) c.putFloat((i * n + j) << 2, col.getFloat(i << 2));
        }
    }

    /** The transpose [cols, rows] of a dense [rows, cols] buffer, for an operand's small side. */
    private static ByteBuffer transpose(ByteBuffer b, int rows, int cols) {
        ByteBuffer t = ByteBuffer.allocate(rows * cols * 4).order(ByteOrder.nativeOrder());
        for (int r = 0; r < rows; r++) for (int q = 0; q < cols; q++) t.putFloat((q * rows + r) << 2, b.getFloat((r * cols + q) << 2));
        return t;
    }
}
