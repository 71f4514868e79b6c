package org.genlab.common.data;

import org.nd4j.linalg.api.buffer.DataType;

/** A finite, indexable dataset split that can assemble any subset of its rows into a {@link Batch}. */
public interface BatchSource {
    int size();

    /** The rows {@code indices}, in that order, with floating-point parts in {@code dtype}. */
    Batch batch(int[] indices, DataType dtype);
}
