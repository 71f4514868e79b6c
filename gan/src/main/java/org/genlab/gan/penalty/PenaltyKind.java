package org.genlab.gan.penalty;

import org.genlab.common.UsageException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The gradient penalties of the WGAN family (MATH.md §5.2, §5.3), as functions of the per-sample gradient norm
 * ‖∇ₓD(x)‖ at the penalty points:
 * <ul>
 * <li>TWO_SIDED (WGAN-GP): λ E[(‖∇D‖ − 1)²]</li>
 * <li>ONE_SIDED (WGAN-LP, Su-LIP's preference): λ E[max(‖∇D‖ − 1, 0)²]</li>
 * <li>LINEAR_HINGE (Su's MNIST / Fashion-MNIST code): λ E[max(‖∇D‖ − 1, 0)]</li>
 * <li>DIV (WGAN-div): k E[‖∇D‖^p], zero-centred</li>
 * </ul>
 */
public enum PenaltyKind {
    NONE("none"),
    TWO_SIDED("two-sided", "gp"),
    ONE_SIDED("one-sided", "lp"),
    LINEAR_HINGE("linear-hinge", "hinge"),
    DIV("div");

    private final String[] names;

    PenaltyKind(String... names) {
        this.names = names;
    }

    public String configName() {
        return names[0];
    }

    public static PenaltyKind parse(String s) {
        String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (PenaltyKind k : values()) for (String a : k.names) if (a.equals(n)) return k;
        throw new UsageException("unknown gradient penalty '" + s + "'; use one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(PenaltyKind::configName).collect(Collectors.joining(", "));
    }
}
