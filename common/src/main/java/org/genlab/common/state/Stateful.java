package org.genlab.common.state;

/**
 * A component whose state goes into a checkpoint (parameters, optimiser moments, EMA shadows, RNG streams, the data
 * iterator's position). Each component uses its own key prefix; {@code readState} restores exactly what
 * {@code writeState} wrote, so that a resumed run continues bit-identically.
 */
public interface Stateful {
    void writeState(StateBundle out);

    void readState(StateBundle in);
}
