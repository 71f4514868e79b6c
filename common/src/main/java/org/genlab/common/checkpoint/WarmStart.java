package org.genlab.common.checkpoint;

import org.genlab.common.UsageException;
import org.genlab.common.state.StateBundle;
import org.genlab.common.state.Stateful;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Starts a new run from another run's weights (net2net-style growth): every parameter, buffer and EMA shadow of the
 * fresh model whose name and shape also appear in the source checkpoint takes the checkpoint's value; everything else
 * (parameters the source did not have, optimiser moments, step counter, random streams) stays as freshly initialised.
 * Blocks that start as the identity (zero-initialised last layers) can so be added to a trained network without
 * changing its function. A parameter present in both with different shapes is an error, not a silent re-init.
 */
public final class WarmStart {
    /** The model keys ("param/…", "buffer/…", "ema/…") copied, and those kept at their fresh value. */
    public record Report(List<String> copied, List<String> fresh, List<String> unused) {
        public String summary() {
            return copied.size() + " arrays copied, " + fresh.size() + " new (kept at initialisation)"
                    + (fresh.isEmpty() ? "" : ": " + names(fresh)) + (unused.isEmpty() ? "" : "; " + unused.size()
                    + " checkpoint arrays unused: " + names(unused));
        }

        private static String names(List<String> keys) {
            List<String> params = keys.stream().filter(k -> !k.startsWith("ema/")).toList();
            List<String> shown = params.size() > 8 ? params.subList(0, 8) : params;
            return String.join(", ", shown) + (params.size() > shown.size() ? ", …" : "");
        }
    }

    private static final List<String> PREFIXES = List.of("param/", "buffer/", "ema/");

    private WarmStart() {
    }

    /** Copies matching arrays of {@code source} into {@code model} (which must be freshly created). */
    public static Report apply(Stateful model, StateBundle source) {
        StateBundle own = new StateBundle();
        model.writeState(own);
        List<String> copied = new ArrayList<>(), fresh = new ArrayList<>(), unused = new ArrayList<>();
        StateBundle merged = new StateBundle(own.meta().deepCopy());
        for (Map.Entry<String, INDArray> e : own.arrays().entrySet()) {
            String key = e.getKey();
            INDArray value = e.getValue();
            if (isModelArray(key) && source.hasArray(key)) {
                INDArray src = source.getArray(key);
                if (!Arrays.equals(src.shape(), value.shape())) {
                    throw new UsageException("cannot warm-start: '" + key + "' has shape " + Arrays.toString(src.shape())
                            + " in the checkpoint but " + Arrays.toString(value.shape()) + " in the new model; only added "
                            + "blocks may differ (keep the widths of the source run)");
                }
                value = src.castTo(value.dataType());
                copied.add(key);
            } else if (isModelArray(key)) {
                fresh.add(key);
            }
            merged.putArrayNoCopy(key, value);
        }
        for (String key : source.arrays().keySet()) if (isModelArray(key) && !own.hasArray(key)) unused.add(key);
        if (copied.stream().noneMatch(k -> k.startsWith("param/"))) {
            throw new UsageException("cannot warm-start: the checkpoint shares no parameter with the new model (was it "
                    + "written by another model or data shape?)");
        }
        model.readState(merged);
        return new Report(copied, fresh, unused);
    }

    private static boolean isModelArray(String key) {
        for (String p : PREFIXES) if (key.startsWith(p)) return true;
        return false;
    }
}
