package org.genlab.common.random;

import org.genlab.common.state.StateBundle;
import org.genlab.common.state.Stateful;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named random streams derived from one run seed ("data", "noise", "init", ...). A stream's seed depends only on
 * (run seed, name), so adding a new stream never shifts the numbers of the existing ones. Their states are part of
 * every checkpoint.
 */
public final class RngStreams implements Stateful {
    private final long seed;
    private final Map<String, Rng> streams = new TreeMap<>();

    public RngStreams(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    public synchronized Rng stream(String name) {
        return streams.computeIfAbsent(name, n -> new Rng(seedFor(seed, n)));
    }

    /** Seed of a named stream: a hash of the run seed and the name (FNV-1a, then SplitMix). */
    public static long seedFor(long seed, String name) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return Rng.splitMix(h);
    }

    @Override
    public synchronized void writeState(StateBundle out) {
        out.putLong("rng.seed", seed);
        for (Map.Entry<String, Rng> e : streams.entrySet()) out.putLongs("rng.stream." + e.getKey(), e.getValue().getState());
    }

    @Override
    public synchronized void readState(StateBundle in) {
        long saved = in.getLong("rng.seed");
        if (saved != seed) {
            throw new IllegalStateException("checkpoint was written with seed " + saved + " but this run uses seed " + seed
                    + "; resume without --seed or with --seed " + saved);
        }
        // Restore into the existing generators: components hold references to their streams.
        for (String key : in.longsKeys("rng.stream.")) {
            stream(key.substring("rng.stream.".length())).setState(in.getLongs(key));
        }
    }
}
