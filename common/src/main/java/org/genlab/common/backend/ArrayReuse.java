package org.genlab.common.backend;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Locale;

/**
 * Whether a component that hands the same arrays to ops again (common.train.StepArrays, common.nn.OpPlan) does so,
 * read from its system property: on, off, or poison. With poison every reused array is filled with NaN (a large
 * integer, or true) before an op gets it, so an op that read its output before writing it would show; the test
 * suite runs in that mode (pom.xml).
 */
public enum ArrayReuse {
    ON, OFF, POISON;

    /** The mode the system property asks for ("on" when unset); a clear error for any other value. */
    public static ArrayReuse fromProperty(String property) {
        String v = System.getProperty(property, "on").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "on" -> ON;
            case "off" -> OFF;
            case "poison" -> POISON;
            default -> throw new IllegalArgumentException("-D" + property + " must be on, off or poison, got '" + v + "'");
        };
    }

    /** Prepares an array for reuse: fills it with poison in {@link #POISON} mode, else leaves it as it is. */
    public void beforeReuse(INDArray a) {
        if (this != POISON || a.isEmpty()) return;
        DataType t = a.dataType();
        a.assign(t.isFPType() ? Double.NaN : t == DataType.BOOL ? 1 : 1 << 30);
    }
}
