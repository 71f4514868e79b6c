package org.genlab.gan.penalty;

import org.genlab.common.UsageException;

import java.util.Locale;

/**
 * Where a gradient penalty is evaluated: at random real–fake interpolates x̂ = εx + (1 − ε)x̃ with ε ~ U[0, 1] per
 * sample (WGAN-GP, MATH.md §5.2), or on the real and the fake samples themselves (Su's WGAN-div, §5.3: r(x) hardly
 * matters there).
 */
public enum PenaltyPoints {
    INTERPOLATES("interpolates"),
    REAL_FAKE("real+fake");

    private final String name;

    PenaltyPoints(String name) {
        this.name = name;
    }

    public String configName() {
        return name;
    }

    public static PenaltyPoints parse(String s) {
        String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (PenaltyPoints p : values()) if (p.name.equals(n)) return p;
        if (n.equals("real_fake") || n.equals("realfake")) return REAL_FAKE;
        throw new UsageException("unknown penalty points '" + s + "'; use interpolates or real+fake");
    }
}
