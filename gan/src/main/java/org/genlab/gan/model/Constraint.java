package org.genlab.gan.model;

import org.genlab.common.UsageException;

/** How the critic's Lipschitz constant is controlled besides a penalty: not at all, by clipping, or by SN. */
public enum Constraint {
    NONE, CLIP, SN;

    public static Constraint parse(String s) {
        return switch (s == null ? "" : s.trim().toLowerCase()) {
            case "none" -> NONE;
            case "clip" -> CLIP;
            case "sn", "spectral" -> SN;
            default -> throw new UsageException("gan.constraint must be none, clip or sn, got '" + s + "'");
        };
    }
}
