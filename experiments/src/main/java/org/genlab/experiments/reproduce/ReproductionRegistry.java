package org.genlab.experiments.reproduce;

import org.genlab.common.UsageException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The reproductions found through {@link ServiceLoader}. */
public final class ReproductionRegistry {
    private final List<Reproduction> all = new ArrayList<>();

    public ReproductionRegistry() {
        ServiceLoader.load(Reproduction.class).forEach(all::add);
        all.sort(Comparator.comparing(Reproduction::name));
    }

    public List<Reproduction> all() {
        return List.copyOf(all);
    }

    public Reproduction get(String name) {
        for (Reproduction r : all) if (r.name().equals(name)) return r;
        throw new UsageException("unknown reproduction '" + name + "'; available: "
                + (all.isEmpty() ? "(none registered in this build)" : String.join(", ", all.stream().map(Reproduction::name).toList()))
                + " (see 'genlab reproduce --list')");
    }
}
