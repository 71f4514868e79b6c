package org.genlab.common.data;

import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;
import org.genlab.common.state.StateBundle;
import org.genlab.common.state.Stateful;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Endless batches of fresh toy points, drawn from this sampler's own {@link Rng}. Its state (the Rng state and the
 * batch count) goes into checkpoints, so a resumed run draws the same points.
 */
public final class ToySampler implements Stateful {
    private final Toy2d toy;
    private final int batchSize;
    private final Rng rng;
    private final DataType dtype;
    private final String key;
    private long batches;

    public ToySampler(Toy2d toy, int batchSize, Rng rng, DataType dtype, String stateKey) {
        if (batchSize <= 0) throw new UsageException("batch size must be positive, got " + batchSize);
        this.toy = toy;
        this.batchSize = batchSize;
        this.rng = rng;
        this.dtype = dtype;
        this.key = stateKey;
    }

    public ToySampler(Toy2d toy, int batchSize, Rng rng, DataType dtype) {
        this(toy, batchSize, rng, dtype, "data");
    }

    /** A [batchSize, 2] array of new points. */
    public INDArray next() {
        batches++;
        return toy.sampleArray(rng, batchSize, dtype);
    }

    public Batch nextBatch() {
        return new Batch(next(), null, null, null, null);
    }

    public long batchesDrawn() {
        return batches;
    }

    public Toy2d toy() {
        return toy;
    }

    @Override
    public void writeState(StateBundle out) {
        out.putString(key + ".toy", toy.name());
        out.putLong(key + ".batches", batches);
        out.putLongs(key + ".rng", rng.getState());
    }

    @Override
    public void readState(StateBundle in) {
        String saved = in.getString(key + ".toy");
        if (!saved.equals(toy.name())) {
            throw new UsageException("the checkpoint was trained on " + saved + " but this run uses " + toy.name()
                    + "; resume on the same dataset");
        }
        batches = in.getLong(key + ".batches");
        rng.setState(in.getLongs(key + ".rng"));
    }
}
