package org.genlab.common.viz;

import java.awt.Color;

/**
 * Maps a number in [0, 1] to a colour by linear interpolation in a small table of anchor colours. {@link #VIRIDIS}
 * (nine anchors of the perceptually uniform viridis map: dark purple to yellow, luminance rising throughout) is the
 * default for heat maps, so brighter always means larger and the map stays readable in grayscale.
 */
public final class Colormap {
    /** Nine evenly spaced samples of viridis. */
    public static final Colormap VIRIDIS = new Colormap(new int[] {
            0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725});

    /** Colour for NaN: a mid gray that viridis never produces. */
    public static final int NAN_RGB = 0x808080;

    private final int[] anchors;

    /** @param anchorsRgb at least two 0xRRGGBB colours, spaced evenly over [0, 1] */
    public Colormap(int[] anchorsRgb) {
        if (anchorsRgb == null || anchorsRgb.length < 2) {
            throw new IllegalArgumentException("a colormap needs at least two anchor colours");
        }
        this.anchors = anchorsRgb.clone();
    }

    /** 0xRRGGBB colour of {@code t}; values outside [0, 1] are clamped, NaN gives {@link #NAN_RGB}. */
    public int rgb(double t) {
        if (Double.isNaN(t)) return NAN_RGB;
        double clamped = Math.max(0.0, Math.min(1.0, t));
        double pos = clamped * (anchors.length - 1);
        int i = Math.min((int) pos, anchors.length - 2);
        double f = pos - i;
        int a = anchors[i], b = anchors[i + 1];
        return (lerp(a >> 16 & 0xFF, b >> 16 & 0xFF, f) << 16)
                | (lerp(a >> 8 & 0xFF, b >> 8 & 0xFF, f) << 8)
                | lerp(a & 0xFF, b & 0xFF, f);
    }

    public Color color(double t) {
        return new Color(rgb(t));
    }

    private static int lerp(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
