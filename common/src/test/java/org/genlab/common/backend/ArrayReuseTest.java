package org.genlab.common.backend;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrayReuseTest {
    private static final String PROPERTY = "genlab.test.arrayReuse";

    @Test
    void parsesThePropertyAndRejectsOtherValues() {
        try {
            assertEquals(ArrayReuse.ON, ArrayReuse.fromProperty(PROPERTY), "unset");
            System.setProperty(PROPERTY, " Poison ");
            assertEquals(ArrayReuse.POISON, ArrayReuse.fromProperty(PROPERTY));
            System.setProperty(PROPERTY, "off");
            assertEquals(ArrayReuse.OFF, ArrayReuse.fromProperty(PROPERTY));
            System.setProperty(PROPERTY, "sometimes");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArrayReuse.fromProperty(PROPERTY));
            assertTrue(e.getMessage().contains("-D" + PROPERTY + " must be on, off or poison, got 'sometimes'"), e.getMessage());
        } finally {
            System.clearProperty(PROPERTY);
        }
    }

    @Test
    void poisonFillsReusedArraysAndOnLeavesThem() {
        INDArray f = Nd4j.ones(DataType.FLOAT, 2, 3), i = Nd4j.zeros(DataType.INT, 4), b = Nd4j.zeros(DataType.BOOL, 2);
        ArrayReuse.ON.beforeReuse(f);
        assertEquals(6.0, f.sumNumber().doubleValue());
        ArrayReuse.POISON.beforeReuse(f);
        ArrayReuse.POISON.beforeReuse(i);
        ArrayReuse.POISON.beforeReuse(b);
        assertTrue(f.isNaN().all(), "floats become NaN");
        assertEquals(1 << 30, i.getInt(3));
        assertTrue(b.getDouble(1) != 0, "booleans become true");
    }
}
