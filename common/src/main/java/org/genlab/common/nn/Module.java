package org.genlab.common.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A network block that owns its parameters (created once, in its constructor, through a {@link Scope}) and can be
 * applied any number of times in the same graph with shared weights (a critic on real and on fake samples).
 */
@FunctionalInterface
public interface Module {
    SDVariable apply(SDVariable x);
}
