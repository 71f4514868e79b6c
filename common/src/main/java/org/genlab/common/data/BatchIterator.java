package org.genlab.common.data;

import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;
import org.genlab.common.state.StateBundle;
import org.genlab.common.state.Stateful;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Endless shuffled mini-batches over a {@link BatchSource}: each epoch visits every row once in a fresh permutation
 * drawn from this iterator's own {@link Rng} (pass it a dedicated stream). With drop-last, the final partial batch
 * of an epoch is skipped, so every batch has exactly {@code batchSize} rows.
 * <p>
 * Its checkpoint state is the epoch, the position in the permutation, the Rng state, and the Rng state the current
 * permutation was drawn from (redrawing it is cheaper than storing 60,000 indices), so a resumed run sees exactly
 * the batches the uninterrupted run would have seen.
 */
public final class BatchIterator implements Stateful {
    private final BatchSource data;
    private final int batchSize;
    private final boolean dropLast;
    private final Rng rng;
    private final DataType dtype;
    private final String key;

    private long epoch;
    private int position;
    private int[] permutation;
    private long[] permutationRngState;

    /**
     * @param stateKey prefix of this iterator's checkpoint entries, e.g. "data.train"
     */
    public BatchIterator(BatchSource data, int batchSize, boolean dropLast, Rng rng, DataType dtype, String stateKey) {
        if (batchSize <= 0) throw new UsageException("batch size must be positive, got " + batchSize);
        if (data.size() == 0) throw new UsageException("cannot iterate over an empty dataset");
        if (dropLast && data.size() < batchSize) {
            throw new UsageException("batch size " + batchSize + " exceeds the " + data.size()
                    + " examples and drop-last is on, so no batch can be formed; use a smaller batch");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.rng = rng;
        this.dtype = dtype;
        this.key = stateKey;
    }

    public BatchIterator(BatchSource data, int batchSize, boolean dropLast, Rng rng, DataType dtype) {
        this(data, batchSize, dropLast, rng, dtype, "data");
    }

    /** Batches per epoch: ⌊n/b⌋ with drop-last, ⌈n/b⌉ without. */
    public int batchesPerEpoch() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Index (from 0) of the epoch the next batch comes from. */
    public long epoch() {
        return permutation != null && position >= limit() ? epoch + 1 : epoch;
    }

    /** Batches already taken from the current epoch. */
    public int batchInEpoch() {
        return permutation == null || position >= limit() ? 0 : (position + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    private int limit() {
        int n = data.size();
        return dropLast ? (n / batchSize) * batchSize : n;
    }

    /** The row indices of the next batch, advancing (and reshuffling at each epoch end). */
    public int[] nextIndices() {
        if (permutation == null) {
            drawPermutation();
        } else if (position >= limit()) {
            epoch++;
            drawPermutation();
        }
        int end = Math.min(position + batchSize, data.size());
        int[] idx = Arrays.copyOfRange(permutation, position, end);
        position = end;
        return idx;
    }

    public Batch next() {
        return data.batch(nextIndices(), dtype);
    }

    private void drawPermutation() {
        permutationRngState = rng.getState();
        permutation = rng.permutation(data.size());
        position = 0;
    }

    /** One pass over {@code data} in order, without shuffling (evaluation). The last batch may be short. */
    public static Iterable<Batch> inOrder(BatchSource data, int batchSize, DataType dtype) {
        if (batchSize <= 0) throw new UsageException("batch size must be positive, got " + batchSize);
        return () -> new Iterator<>() {
            int pos = 0;

            @Override
            public boolean hasNext() {
                return pos < data.size();
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int end = Math.min(pos + batchSize, data.size());
                int[] idx = new int[end - pos];
                for (int i = 0; i < idx.length; i++) idx[i] = pos + i;
                pos = end;
                return data.batch(idx, dtype);
            }
        };
    }

    @Override
    public void writeState(StateBundle out) {
        out.putLong(key + ".size", data.size());
        out.putLong(key + ".batchSize", batchSize);
        out.putLong(key + ".epoch", epoch);
        out.putLong(key + ".position", position);
        out.putLongs(key + ".rng", rng.getState());
        if (permutation != null) out.putLongs(key + ".permutationRng", permutationRngState);
    }

    @Override
    public void readState(StateBundle in) {
        long size = in.getLong(key + ".size"), b = in.getLong(key + ".batchSize");
        if (size != data.size() || b != batchSize) {
            throw new UsageException("the checkpoint's data iterator ran over " + size + " examples in batches of " + b
                    + ", but this run has " + data.size() + " in batches of " + batchSize
                    + "; resume with the same dataset and batch size");
        }
        epoch = in.getLong(key + ".epoch");
        if (in.has(key + ".permutationRng")) {
            rng.setState(in.getLongs(key + ".permutationRng"));
            drawPermutation();
        } else {
            permutation = null;
            permutationRngState = null;
        }
        position = (int) in.getLong(key + ".position");
        rng.setState(in.getLongs(key + ".rng"));
    }
}
