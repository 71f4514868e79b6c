package org.genlab.diffusion.model;

import org.genlab.common.data.BatchIterator;
import org.genlab.common.data.ImageDataset;
import org.genlab.common.data.ImageSet;
import org.genlab.common.random.Rng;
import org.genlab.common.state.StateBundle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shuffled image batches as the model sees them (MATH.md §4.6–4.7): pixels k/L in [0, 1] (L = 255 grey levels for
 * (Fashion-)MNIST, 16 for the 8×8 digits) are uniformly dequantised to (L·x + u)/(L + 1), u ~ U[0, 1), so level k
 * fills [k/(L+1), (k+1)/(L+1)); VP and sub-VP models then map them to [−1, 1] (score_sde's centered data), VE models
 * keep [0, 1]. Shape [b, 1, H, W].
 */
final class ImageData implements TrainingData {
    private final ImageDataset dataset;
    private final BatchIterator train;
    private final Rng dequantRng;
    private final boolean centered;
    private final boolean dequantize;
    private final DataType dtype;

    ImageData(ImageDataset dataset, int batch, Rng dataRng, Rng dequantRng, DataType dtype, boolean centered, boolean dequantize) {
        this.dataset = dataset;
        this.train = new BatchIterator(dataset.train(), batch, true, dataRng, dtype, "data.train");
        this.dequantRng = dequantRng;
        this.centered = centered;
        this.dequantize = dequantize;
        this.dtype = dtype;
    }

    ImageDataset dataset() {
        return dataset;
    }

    boolean centered() {
        return centered;
    }

    /** L: pixel values are k/L. */
    int levels() {
        return dataset.train().levels();
    }

    @Override
    public long[] sampleShape() {
        return new long[]{1, dataset.height(), dataset.width()};
    }

    @Override
    public INDArray next() {
        INDArray x = train.next().x();
        return toModel(dequantize ? dequantize(x, levels(), dequantRng) : x);
    }

    /** Flat [n, H·W] pixels in [0, 1] → [n, 1, H, W] in the model's range. */
    INDArray toModel(INDArray x01) {
        INDArray x = centered ? x01.mul(2.0).subi(1.0) : x01.dup();
        return x.reshape(x.size(0), 1, dataset.height(), dataset.width()).castTo(dtype);
    }

    /** Model range → [0, 1] (for pictures). */
    INDArray toUnit(INDArray x) {
        return centered ? x.add(1.0).divi(2.0) : x.dup();
    }

    /** (L·x + u)/(L + 1), u ~ U[0, 1). */
    static INDArray dequantize(INDArray x01, int levels, Rng rng) {
        INDArray u = rng.uniform(x01.dataType(), 0.0, 1.0, x01.shape());
        return x01.mul(levels).addi(u).divi(levels + 1.0);
    }

    /**
     * Bits/dim offset for the dequantised density in the model's range (MATH.md §4.6): log₂(L+1) bits for [0, 1]
     * (8 for 256 levels), one less for [−1, 1] (7), since the density of 2x − 1 is 2^−D that of x.
     */
    double bitsOffset() {
        return Math.log(levels() + 1.0) / Math.log(2) - (centered ? 1.0 : 0.0);
    }

    /** The first n test images (or training images when {@code test} is false), dequantised with rng. */
    INDArray images(boolean test, int from, int n, Rng rng) {
        ImageSet set = test ? dataset.test() : dataset.train();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = from + i;
        return toModel(dequantize(set.batch(idx, dtype).x(), levels(), rng));
    }

    @Override
    public INDArray reference(int n, Rng rng) {
        return images(true, 0, Math.min(n, dataset.test().size()), rng);
    }

    @Override
    public void writeState(StateBundle out) {
        train.writeState(out);
    }

    @Override
    public void readState(StateBundle in) {
        train.readState(in);
    }
}
