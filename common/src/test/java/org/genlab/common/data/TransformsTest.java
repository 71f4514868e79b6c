package org.genlab.common.data;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class TransformsTest {
    @Test
    void binarizeKeepsTheMeanAndGivesZerosAndOnes() {
        INDArray x = Nd4j.valueArrayOf(new long[]{100, 100}, 0.3, DataType.FLOAT);
        INDArray b = Transforms.binarize(x, new Rng(1));
        assertEquals(DataType.FLOAT, b.dataType());
        assertEquals(0.3, b.meanNumber().doubleValue(), 4 * Math.sqrt(0.21 / 10_000));
        for (double v : b.data().asDouble()) assertTrue(v == 0 || v == 1);
        assertEquals(0.3, x.getDouble(0, 0), 1e-7); // input untouched
        assertEquals(0, Transforms.binarize(Nd4j.zeros(DataType.FLOAT, 50), new Rng(2)).sumNumber().doubleValue());
        assertEquals(50, Transforms.binarize(Nd4j.ones(DataType.FLOAT, 50), new Rng(2)).sumNumber().doubleValue());
        assertEquals(b, Transforms.binarize(x, new Rng(1)));
    }

    @Test
    void dequantizeMapsLevelKOntoItsBin() {
        // MATH.md §4.6: level k/255 → uniform on [k/256, (k+1)/256).
        int reps = 200;
        double[] v = new double[256 * reps];
        for (int i = 0; i < v.length; i++) v[i] = (i % 256) / 255.0;
        INDArray x = Nd4j.create(v, new long[]{v.length}, DataType.DOUBLE);
        double[] y = Transforms.dequantize(x, new Rng(3)).data().asDouble();
        double meanOffset = 0;
        for (int i = 0; i < y.length; i++) {
            int k = i % 256;
            assertTrue(y[i] >= k / 256.0 - 1e-12 && y[i] < (k + 1) / 256.0, "level " + k + " -> " + y[i]);
            meanOffset += y[i] * 256 - k;
        }
        assertEquals(0.5, meanOffset / y.length, 0.01);
        INDArray f = Transforms.dequantize(x.castTo(DataType.FLOAT), new Rng(3));
        assertEquals(DataType.FLOAT, f.dataType());
    }

    @Test
    void symmetricScalingRoundTrips() {
        INDArray x = Nd4j.createFromArray(0f, 0.25f, 1f);
        INDArray s = Transforms.toSymmetric(x);
        assertArrayEquals(new float[]{-1f, -0.5f, 1f}, s.toFloatVector(), 1e-7f);
        assertArrayEquals(x.toFloatVector(), Transforms.fromSymmetric(s).toFloatVector(), 1e-7f);
        assertEquals(0f, x.getFloat(0));
    }
}
