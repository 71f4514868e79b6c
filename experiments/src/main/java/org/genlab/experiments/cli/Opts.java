package org.genlab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.genlab.common.UsageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for declaring and reading options with clear errors. */
final class Opts {
    private Opts() {
    }

    static Option flag(String longName, String description) {
        return Option.builder().longOpt(longName).desc(description).build();
    }

    static Option value(String longName, String arg, String description) {
        return Option.builder().longOpt(longName).hasArg().argName(arg).desc(description).build();
    }

    static Option repeated(String longName, String arg, String description) {
        return Option.builder().longOpt(longName).hasArgs().argName(arg).desc(description).build();
    }

    /** --data-dir, shared by every command that reads datasets. */
    static Option dataDir() {
        return value("data-dir", "DIR", "where datasets are installed (default $GENLAB_DATA or ~/.genlab/data)");
    }

    static Option help() {
        return flag("help", "show this help");
    }

    /** The options every command has: --data-dir and --help (a command adds its own to them). */
    static Options base() {
        Options o = new Options();
        o.addOption(dataDir());
        o.addOption(help());
        return o;
    }

    /** --checkpoint, shared by sample and eval. */
    static Option checkpoint() {
        return value("checkpoint", "DIR", "a run directory (its latest checkpoint) or one checkpoint directory");
    }

    static long longValue(CommandLine cl, String name, long def) {
        String v = cl.getOptionValue(name);
        if (v == null) return def;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    static int intValue(CommandLine cl, String name, int def) {
        long v = longValue(cl, name, def);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) throw new UsageException("--" + name + " is out of range: " + v);
        return (int) v;
    }

    static int positiveInt(CommandLine cl, String name, int def) {
        int v = intValue(cl, name, def);
        if (v < 1) throw new UsageException("--" + name + " must be at least 1, got " + v);
        return v;
    }

    /** A finite number ≥ 0 (durations, tolerances). */
    static double nonNegativeDouble(CommandLine cl, String name, double def) {
        String v = cl.getOptionValue(name);
        if (v == null) return def;
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
        if (!(d >= 0) || Double.isInfinite(d)) throw new UsageException("--" + name + " must be a finite number >= 0, got " + v);
        return d;
    }

    static Path existingFile(CommandLine cl, String name) {
        String v = cl.getOptionValue(name);
        if (v == null) return null;
        Path p = Path.of(v);
        if (!Files.exists(p)) throw new UsageException("--" + name + ": file not found: " + v);
        return p;
    }

    /** Parses repeated KEY=VALUE pairs. */
    static Map<String, String> pairs(CommandLine cl, String name) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] vs = cl.getOptionValues(name);
        if (vs == null) return m;
        for (String kv : vs) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new UsageException("--" + name + " takes KEY=VALUE, got '" + kv + "'");
            m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return m;
    }

    static String required(CommandLine cl, String name, String hint) {
        String v = cl.getOptionValue(name);
        if (v == null || v.isBlank()) throw new UsageException("missing --" + name + " " + hint);
        return v;
    }
}
