package org.genlab.diffusion.likelihood;

/**
 * How 8-bit data were mapped to the continuous values the model sees, which fixes the bits/dim offset
 * (MATH.md §4.6). The ODE gives a density of the scaled, dequantised data; bits/dim are quoted for pixel values on
 * the 0–256 scale, so the change of variables from the model's scale to that scale adds log₂(256/width of the data
 * range) per dimension: 8 for data in [0, 1] (score_sde's centered = False), 7 for [−1, 1] (centered = True), as
 * score_sde's {@code offset = 7 − inverse_scaler(−1)}. {@link #CONTINUOUS} adds nothing (data that never were pixels).
 */
public enum DataScale {
    UNIT_INTERVAL(8.0), SYMMETRIC(7.0), CONTINUOUS(0.0);

    private final double offset;

    DataScale(double offset) {
        this.offset = offset;
    }

    /** Bits per dimension added to −log p/(D ln 2). */
    public double offsetBits() {
        return offset;
    }
}
