package org.genlab.common.random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RngTest {
    /** The bulk fills are the per-draw sequence, and leave the generator where as many draws would. */
    @Test
    void bulkUniformsAreTheDrawSequence() {
        Rng one = new Rng(7), bulk = new Rng(7);
        double[] expected = new double[1001];
        for (int i = 0; i < expected.length; i++) expected[i] = -2 + 5 * one.nextDouble();
        double[] d = new double[1001];
        bulk.uniform(d, -2, 3);
        assertArrayEquals(expected, d, 0.0);
        float[] f = new float[17];
        new Rng(7).uniform(f, -2, 3);
        for (int i = 0; i < f.length; i++) assertEquals((float) expected[i], f[i], 0.0f);
        assertEquals(one.nextLong(), bulk.nextLong(), "state after the fill");
        assertArrayEquals(one.getState(), bulk.getState());

        INDArray a = new Rng(8).uniform(DataType.FLOAT, 0, 1, 3, 4);
        Rng r = new Rng(8);
        for (int i = 0; i < 12; i++) assertEquals((float) r.nextDouble(), a.getFloat(i / 4, i % 4), 0.0f);
    }
}
