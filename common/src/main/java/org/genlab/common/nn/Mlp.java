package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;

import java.util.ArrayList;
import java.util.List;

/**
 * Stack of {@link Linear} layers {@code sizes[0] → sizes[1] → … → sizes[k]} with an activation between layers and
 * none after the last (callers add their own output nonlinearity). Layers are named "fc0", "fc1", ….
 */
public final class Mlp implements Module {
    private final List<Linear> layers = new ArrayList<>();
    private final Module activation;

    public Mlp(Scope scope, long[] sizes, Module activation) {
        if (sizes.length < 2) throw new IllegalArgumentException("an MLP needs at least input and output sizes");
        this.activation = activation;
        for (int i = 0; i + 1 < sizes.length; i++) layers.add(new Linear(scope.child("fc" + i), sizes[i], sizes[i + 1]));
    }

    public Mlp(Scope scope, List<Long> sizes, Module activation) {
        this(scope, sizes.stream().mapToLong(Long::longValue).toArray(), activation);
    }

    @Override
    public SDVariable apply(SDVariable x) {
        return apply(x, false);
    }

    /** With {@code activateLast}, the activation follows the last layer too (an encoder's feature layer). */
    public SDVariable apply(SDVariable x, boolean activateLast) {
        SDVariable h = x;
        for (int i = 0; i < layers.size(); i++) {
            boolean activated = activateLast || i + 1 < layers.size();
            if (activated && activation instanceof Activation a) {
                h = layers.get(i).apply(h, a);   // bias and activation as one Java kernel where there is one
            } else {
                h = layers.get(i).apply(h);
                if (activated) h = activation.apply(h);
            }
        }
        return h;
    }

    public List<Linear> layers() {
        return List.copyOf(layers);
    }
}
