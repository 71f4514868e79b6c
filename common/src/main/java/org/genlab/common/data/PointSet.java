package org.genlab.common.data;

import org.genlab.common.backend.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A finite set of 2-D points (row-major [n, 2]), e.g. a fixed toy training set, iterable with {@link BatchIterator}. */
public final class PointSet implements BatchSource {
    private final String name;
    private final double[] xy;

    public PointSet(String name, double[] xy) {
        if (xy.length % 2 != 0) throw new IllegalArgumentException("point array length must be even, got " + xy.length);
        this.name = name;
        this.xy = xy;
    }

    public String name() {
        return name;
    }

    @Override
    public int size() {
        return xy.length / 2;
    }

    public double x(int i) {
        return xy[2 * i];
    }

    public double y(int i) {
        return xy[2 * i + 1];
    }

    public PointSet subset(int[] indices) {
        double[] out = new double[2 * indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[2 * k] = xy[2 * indices[k]];
            out[2 * k + 1] = xy[2 * indices[k] + 1];
        }
        return new PointSet(name, out);
    }

    public INDArray array(DataType dtype) {
        return HostArrays.of(xy, dtype, size(), 2);
    }

    @Override
    public Batch batch(int[] indices, DataType dtype) {
        return new Batch(subset(indices).array(dtype), null, null, null, indices.clone());
    }
}
