package org.genlab.common.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch. Images: {@code x} is [b, h·w] and {@code labels} the classes. Text: {@code x} is the decoder
 * input ({@code <bos>} w₁…wₙ, INT32 ids), {@code y} the targets (w₁…wₙ {@code <eos>}), {@code mask} 1 on real
 * positions. Toy points: {@code x} is [b, 2]. Absent parts are null; {@code indices} are the rows of the source.
 */
public record Batch(INDArray x, INDArray y, INDArray mask, int[] labels, int[] indices) {
    public int size() {
        return (int) x.size(0);
    }
}
