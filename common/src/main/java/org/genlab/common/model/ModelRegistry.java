package org.genlab.common.model;

import org.genlab.common.UsageException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The models found on the class path through {@link ServiceLoader}. */
public final class ModelRegistry {
    private final List<ModelFactory> factories = new ArrayList<>();

    public ModelRegistry() {
        ServiceLoader.load(ModelFactory.class).forEach(factories::add);
        factories.sort(Comparator.comparing(ModelFactory::family).thenComparing(ModelFactory::name));
    }

    public List<ModelFactory> all() {
        return List.copyOf(factories);
    }

    public ModelFactory get(String name) {
        for (ModelFactory f : factories) if (f.name().equals(name)) return f;
        List<String> names = new ArrayList<>();
        for (ModelFactory f : factories) names.add(f.name());
        throw new UsageException("unknown model '" + name + "'; available: "
                + (names.isEmpty() ? "(none registered)" : String.join(", ", names)) + " (see 'genlab list')");
    }
}
