package org.genlab.diffusion.model;

import org.genlab.common.data.ToySampler;
import org.genlab.common.data.Toy2d;
import org.genlab.common.random.Rng;
import org.genlab.common.state.StateBundle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Endless fresh points of a 2-D toy distribution, used as they are (they lie within about ±2). */
final class ToyData implements TrainingData {
    private final Toy2d toy;
    private final ToySampler sampler;
    private final DataType dtype;

    ToyData(String name, int batch, Rng rng, DataType dtype) {
        this.toy = Toy2d.of(name);
        this.sampler = new ToySampler(toy, batch, rng, dtype, "data");
        this.dtype = dtype;
    }

    Toy2d toy() {
        return toy;
    }

    @Override
    public long[] sampleShape() {
        return new long[]{2};
    }

    @Override
    public INDArray next() {
        return sampler.next();
    }

    @Override
    public INDArray reference(int n, Rng rng) {
        return toy.sampleArray(rng, n, dtype);
    }

    @Override
    public void writeState(StateBundle out) {
        sampler.writeState(out);
    }

    @Override
    public void readState(StateBundle in) {
        sampler.readState(in);
    }
}
