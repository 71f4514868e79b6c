package org.genlab.experiments.bench;

import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.model.GenerativeModel;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.RunContext;
import org.genlab.common.random.RngStreams;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Builds a real model through its {@link ModelFactory}, exactly as {@code genlab train} does (factory defaults plus a
 * few overrides), so that the benchmark times the code a training run executes, not a re-implementation.
 */
final class Models {
    private Models() {
    }

    /** The factory's default config with {@code data} and the given dotted-key overrides. */
    static Config config(ModelFactory f, String data, Map<String, String> overrides) {
        Config c = Config.of(f.defaults());
        c.set("data", data);
        overrides.forEach(c::set);
        return c;
    }

    static GenerativeModel create(ModelFactory f, Config c) {
        try {
            RunContext ctx = new RunContext(Files.createTempDirectory("genlab-bench"), new RngStreams(1), DataType.FLOAT,
                    DataPaths.defaults(), new PrintStream(OutputStream.nullOutputStream()));
            return f.create(c, ctx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
