package org.genlab.common.train;

import org.genlab.common.state.StateBundle;
import org.genlab.common.state.Stateful;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A first-order optimiser that updates parameter arrays in place. Its moments are kept per parameter name and saved
 * under its key (e.g. "opt" or "opt.critic" when a model has two players), so resume restores them exactly.
 */
public abstract class Optimizer implements Stateful {
    private final String key;
    /** Number of updates applied so far (Adam's bias-correction t). */
    protected long t;
    protected final Map<String, Map<String, INDArray>> slots = new LinkedHashMap<>();

    protected Optimizer(String key) {
        this.key = key;
    }

    /** Applies one update with learning rate {@code lr}; {@code grads} holds a gradient for each name in params. */
    public final void update(Map<String, INDArray> params, Map<String, INDArray> grads, double lr) {
        t++;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray g = grads.get(e.getKey());
            if (g == null) throw new IllegalStateException("no gradient for parameter '" + e.getKey() + "'");
            apply(e.getKey(), e.getValue(), g, lr);
        }
    }

    /** Updates one parameter in place; may modify {@code grad}. */
    protected abstract void apply(String name, INDArray param, INDArray grad, double lr);

    /** Names of the per-parameter state arrays this optimiser keeps ("m", "v", ...). */
    protected abstract String[] slotNames();

    protected INDArray slot(String param, String slot, INDArray like) {
        return slots.computeIfAbsent(param, p -> new LinkedHashMap<>())
                .computeIfAbsent(slot, s -> like.ulike().assign(0));
    }

    public long updates() {
        return t;
    }

    public String key() {
        return key;
    }

    @Override
    public void writeState(StateBundle out) {
        out.putLong(key + ".t", t);
        out.putString(key + ".type", getClass().getSimpleName());
        for (Map.Entry<String, Map<String, INDArray>> p : slots.entrySet()) {
            for (Map.Entry<String, INDArray> s : p.getValue().entrySet()) {
                out.putArray(key + "/" + s.getKey() + "/" + p.getKey(), s.getValue());
            }
        }
    }

    @Override
    public void readState(StateBundle in) {
        String type = in.getString(key + ".type");
        if (!type.equals(getClass().getSimpleName())) {
            throw new IllegalStateException("checkpoint optimiser '" + key + "' is " + type + " but the config asks for "
                    + getClass().getSimpleName());
        }
        t = in.getLong(key + ".t");
        slots.clear();
        String prefix = key + "/";
        for (String k : in.arrayKeys(prefix)) {
            String rest = k.substring(prefix.length());
            int slash = rest.indexOf('/');
            String slot = rest.substring(0, slash);
            String param = rest.substring(slash + 1);
            slots.computeIfAbsent(param, x -> new LinkedHashMap<>()).put(slot, in.getArray(k).dup());
        }
    }
}
