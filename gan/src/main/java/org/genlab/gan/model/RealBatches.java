package org.genlab.gan.model;

import org.genlab.common.UsageException;
import org.genlab.common.data.BatchIterator;
import org.genlab.common.data.Datasets;
import org.genlab.common.data.ImageDataset;
import org.genlab.common.data.ImageSet;
import org.genlab.common.data.Toy2d;
import org.genlab.common.data.ToySampler;
import org.genlab.common.model.RunContext;
import org.genlab.common.random.Rng;
import org.genlab.common.state.StateBundle;
import org.genlab.common.state.Stateful;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Real training batches, [batch, d]: fresh toy points from a {@link ToySampler}, or shuffled training images in
 * [0, 1] from a {@link BatchIterator} (drop-last). Both draw from the "data" stream and checkpoint their position.
 * Held-out batches for evaluation come from the test split (images) or a caller's Rng (toys).
 */
final class RealBatches implements Stateful {
    private final String name;
    private final Toy2d toy;
    private final ToySampler toySampler;
    private final ImageDataset images;
    private final BatchIterator iterator;
    private final DataType dtype;

    RealBatches(String name, int batch, RunContext ctx) {
        this.name = name;
        this.dtype = ctx.dtype();
        Rng rng = ctx.rngs().stream("data");
        if (Toy2d.isToy(name)) {
            toy = Toy2d.of(name);
            toySampler = new ToySampler(toy, batch, rng, dtype, "data");
            images = null;
            iterator = null;
        } else {
            Datasets.Info info = Datasets.info(name);
            if (info.kind() != Datasets.Kind.IMAGES) {
                throw new UsageException("WGANs here train on 2-D toys or images; '" + name + "' is " + info.kind());
            }
            toy = null;
            toySampler = null;
            images = Datasets.images(name, ctx.data());
            iterator = new BatchIterator(images.train(), batch, true, rng, dtype, "data.train");
        }
    }

    boolean isToy() {
        return toy != null;
    }

    String name() {
        return name;
    }

    long dim() {
        return isToy() ? 2 : images.dim();
    }

    int height() {
        return isToy() ? 0 : images.height();
    }

    int width() {
        return isToy() ? 0 : images.width();
    }

    INDArray next() {
        return isToy() ? toySampler.next() : iterator.next().x();
    }

    /** n held-out points: fresh toy samples, or random test images, drawn with {@code rng}. */
    INDArray heldOut(Rng rng, int n) {
        if (isToy()) return toy.sampleArray(rng, n, dtype);
        ImageSet test = images.test();
        if (n > test.size()) throw new UsageException("asked for " + n + " test images, the test split has " + test.size());
        int[] perm = rng.permutation(test.size());
        int[] idx = java.util.Arrays.copyOf(perm, n);
        return test.batch(idx, dtype).x();
    }

    @Override
    public void writeState(StateBundle out) {
        if (isToy()) toySampler.writeState(out);
        else iterator.writeState(out);
    }

    @Override
    public void readState(StateBundle in) {
        if (isToy()) toySampler.readState(in);
        else iterator.readState(in);
    }
}
