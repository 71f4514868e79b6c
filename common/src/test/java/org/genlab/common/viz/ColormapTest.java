package org.genlab.common.viz;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColormapTest {
    private final Colormap two = new Colormap(new int[] {0x000000, 0xC86432});

    @Test
    void endpointsAreTheAnchorsAndMidpointsInterpolateLinearly() {
        assertEquals(0x440154, Colormap.VIRIDIS.rgb(0.0));
        assertEquals(0xFDE725, Colormap.VIRIDIS.rgb(1.0));
        assertEquals(0x21918C, Colormap.VIRIDIS.rgb(0.5)); // the middle of nine anchors
        assertEquals(0x643219, two.rgb(0.5)); // (200,100,50)/2
        assertEquals(0x140A05, two.rgb(0.1));
    }

    @Test
    void clampsOutOfRangeAndMarksNaN() {
        assertEquals(two.rgb(0.0), two.rgb(-3.0));
        assertEquals(two.rgb(1.0), two.rgb(7.0));
        assertEquals(Colormap.NAN_RGB, two.rgb(Double.NaN));
    }

    @Test
    void viridisLuminanceRisesMonotonically() {
        double prev = -1;
        for (int i = 0; i <= 200; i++) {
            double lum = ImageProbe.luminance(Colormap.VIRIDIS.rgb(i / 200.0));
            assertTrue(lum > prev, "luminance must rise at t=" + i / 200.0);
            prev = lum;
        }
    }

    @Test
    void rejectsTooFewAnchors() {
        assertThrows(IllegalArgumentException.class, () -> new Colormap(new int[] {0}));
    }
}
