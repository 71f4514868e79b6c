package org.genlab.common.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory content of a checkpoint: named arrays (copied on put, so later training steps cannot change a
 * bundle being written) and named JSON values for scalars and small metadata. Missing keys are a clear error.
 */
public final class StateBundle {
    private final Map<String, INDArray> arrays = new LinkedHashMap<>();
    private final ObjectNode meta;

    public StateBundle() {
        this(JsonNodeFactory.instance.objectNode());
    }

    public StateBundle(ObjectNode meta) {
        this.meta = meta;
    }

    public void putArray(String key, INDArray value) {
        arrays.put(key, value.dup());
    }

    /** Stores without copying: for arrays that were freshly read or will not change. */
    public void putArrayNoCopy(String key, INDArray value) {
        arrays.put(key, value);
    }

    public INDArray getArray(String key) {
        INDArray a = arrays.get(key);
        if (a == null) throw new MissingStateException("checkpoint has no array '" + key + "'");
        return a;
    }

    public boolean hasArray(String key) {
        return arrays.containsKey(key);
    }

    public Map<String, INDArray> arrays() {
        return Collections.unmodifiableMap(arrays);
    }

    public List<String> arrayKeys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (String k : arrays.keySet()) if (k.startsWith(prefix)) keys.add(k);
        return keys;
    }

    public ObjectNode meta() {
        return meta;
    }

    public void putLong(String key, long v) {
        meta.put(key, v);
    }

    public void putDouble(String key, double v) {
        meta.put(key, v);
    }

    public void putString(String key, String v) {
        meta.put(key, v);
    }

    public void putJson(String key, JsonNode v) {
        meta.set(key, v);
    }

    public void putLongs(String key, long[] v) {
        ArrayNode a = meta.putArray(key);
        for (long x : v) a.add(x);
    }

    public boolean has(String key) {
        return meta.has(key);
    }

    private JsonNode need(String key) {
        JsonNode n = meta.get(key);
        if (n == null) throw new MissingStateException("checkpoint has no value '" + key + "'");
        return n;
    }

    public long getLong(String key) {
        return need(key).asLong();
    }

    public double getDouble(String key) {
        return need(key).asDouble();
    }

    public String getString(String key) {
        return need(key).asText();
    }

    public JsonNode getJson(String key) {
        return need(key);
    }

    public long[] getLongs(String key) {
        JsonNode n = need(key);
        long[] v = new long[n.size()];
        for (int i = 0; i < v.length; i++) v[i] = n.get(i).asLong();
        return v;
    }

    public List<String> longsKeys(String prefix) {
        List<String> keys = new ArrayList<>();
        meta.fieldNames().forEachRemaining(k -> {
            if (k.startsWith(prefix)) keys.add(k);
        });
        return keys;
    }

    /** A key the reader expected is absent: the checkpoint is from another model or an older format. */
    public static final class MissingStateException extends RuntimeException {
        public MissingStateException(String msg) {
            super(msg);
        }
    }
}
