package org.genlab.common.viz;

/** The value range that image pixels are stored in; values outside it are clamped to black or white. */
public enum PixelRange {
    /** 0 is black, 1 is white (sigmoid / Bernoulli decoders). */
    ZERO_ONE(0.0, 1.0),
    /** -1 is black, 1 is white (tanh generators, data scaled for diffusion). */
    MINUS_ONE_ONE(-1.0, 1.0);

    private final double low, high;

    PixelRange(double low, double high) {
        this.low = low;
        this.high = high;
    }

    /** Byte intensity 0..255 of a value; out-of-range values are clamped. The caller handles NaN. */
    int toByte(double v) {
        double t = (v - low) / (high - low);
        t = Math.max(0.0, Math.min(1.0, t));
        return (int) Math.round(t * 255.0);
    }
}
