package org.genlab.diffusion.likelihood;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BitsPerDimTest {
    /**
     * The offset makes bits/dim independent of how pixels were scaled: uniformly random 8-bit pixels carry exactly
     * 8 bits each. Dequantised into [0, 1] their density is 1 (log p = 0); mapped to [−1, 1] it is 2^−D
     * (log p = −D ln 2). Both must give 8 bits/dim.
     */
    @Test
    void uniformPixelsCarryEightBitsUnderBothScalings() {
        long d = 784;
        assertEquals(8.0, BitsPerDim.of(0.0, d, DataScale.UNIT_INTERVAL), 1e-12);
        assertEquals(8.0, BitsPerDim.of(-d * Math.log(2), d, DataScale.SYMMETRIC), 1e-12);
        assertEquals(8.0, DataScale.UNIT_INTERVAL.offsetBits());
        assertEquals(7.0, DataScale.SYMMETRIC.offsetBits());
        assertEquals(1.5, BitsPerDim.of(-3 * Math.log(2), 2, DataScale.CONTINUOUS), 1e-12);
    }

    @Test
    void dequantisationKeepsEachLevelInItsBin() {
        INDArray levels = Nd4j.create(new double[]{0, 1, 17, 128, 255}, new long[]{1, 5}).divi(255.0);
        INDArray y = Dequantization.uniform(levels, new Rng(2));
        double[] k = {0, 1, 17, 128, 255};
        for (int i = 0; i < 5; i++) {
            double v = y.getDouble(0, i) * 256;
            assertTrue(v >= k[i] && v < k[i] + 1, "level " + k[i] + " → " + v);
        }
        INDArray s = Dequantization.toSymmetric(y);
        assertEquals(2 * y.getDouble(0, 4) - 1, s.getDouble(0, 4), 1e-15);
        assertEquals(DataType.DOUBLE, y.dataType());
    }
}
