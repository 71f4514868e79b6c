package org.genlab.gan.testing;

import org.genlab.common.config.Config;
import org.genlab.common.data.DataPaths;
import org.genlab.common.model.ModelFactory;
import org.genlab.common.model.ModelRegistry;
import org.genlab.common.model.RunContext;
import org.genlab.common.random.RngStreams;
import org.genlab.gan.model.WganModel;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.file.Path;

/** Builds WGAN models the way the CLI does: registry → defaults → --set overrides → create. */
public final class Wgans {
    private Wgans() {
    }

    public static Config config(String model, String data, String... kv) {
        ModelFactory f = new ModelRegistry().get(model);
        Config c = Config.of(f.defaults());
        c.set("model", model);
        c.set("data", data);
        for (int i = 0; i < kv.length; i += 2) c.set(kv[i], kv[i + 1]);
        return c;
    }

    public static WganModel create(Config c, Path runDir, RngStreams rngs, DataType dtype) {
        ModelFactory f = new ModelRegistry().get(c.getString("model"));
        return (WganModel) f.create(c, new RunContext(runDir, rngs, dtype, DataPaths.defaults(), System.out));
    }

    public static WganModel create(String model, String data, Path runDir, String... kv) {
        Config c = config(model, data, kv);
        return create(c, runDir, new RngStreams(c.getLong("seed")), DataType.FLOAT);
    }
}
