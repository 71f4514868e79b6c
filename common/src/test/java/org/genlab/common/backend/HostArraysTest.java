package org.genlab.common.backend;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class HostArraysTest {

    @Test
    void bulkCopiesEqualNd4jsElementwiseCreateInEveryDtype() {
        Random r = new Random(2);
        double[] d = new double[3 * 4 * 5];
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian() * 1e3;
            f[i] = (float) r.nextGaussian();
        }
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE, DataType.HALF, DataType.INT}) {
            INDArray a = HostArrays.of(d, dt, 3, 4, 5);
            assertEquals(dt, a.dataType());
            assertArrayEquals(new long[]{3, 4, 5}, a.shape());
            assertEquals(Nd4j.create(d, new long[]{3, 4, 5}, DataType.DOUBLE).castTo(dt), a, dt + " from double[]");
            INDArray b = HostArrays.of(f, dt, 12, 5);
            assertEquals(Nd4j.create(f, new long[]{12, 5}, 'c').castTo(dt), b, dt + " from float[]");
        }
        assertEquals(-1.25f, HostArrays.of(new float[]{0, 0, 0, -1.25f}, DataType.FLOAT, 2, 2).getFloat(1, 1));
        assertEquals(0, HostArrays.of(new double[0], DataType.FLOAT, 0, 3).length());
    }

    @Test
    void tiledRowsRepeatTheRowsDownTheArray() {
        double[] rows = {1, 2, 3, 4.5, 5, 6.25};   // two rows of three
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE, DataType.HALF}) {
            INDArray a = HostArrays.tiledRows(rows, 5, dt, 3);
            assertEquals(dt, a.dataType());
            double[][] expected = {{1, 2, 3}, {4.5, 5, 6.25}, {1, 2, 3}, {4.5, 5, 6.25}, {1, 2, 3}};
            assertEquals(Nd4j.create(expected).castTo(dt), a, dt.toString());
        }
        assertEquals(Nd4j.create(new double[][]{{7, 8}, {7, 8}}).castTo(DataType.FLOAT),
                HostArrays.tiledRows(new double[]{7, 8}, 2, DataType.FLOAT, 2));
        assertThrows(IllegalArgumentException.class, () -> HostArrays.tiledRows(new double[5], 2, DataType.FLOAT, 3));
    }

    @Test
    void aLengthThatDoesNotFillTheShapeIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> HostArrays.of(new double[5], DataType.FLOAT, 2, 3));
        assertTrue(e.getMessage().contains("5 values cannot fill shape [2, 3]"), e.getMessage());
    }
}
