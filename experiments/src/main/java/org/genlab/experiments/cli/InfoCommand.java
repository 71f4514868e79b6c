package org.genlab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.genlab.common.backend.Backend;
import org.genlab.common.model.ModelRegistry;
import org.genlab.experiments.Main;

import java.util.Map;

/** {@code genlab info}: backend, BLAS, threads, CPU features, memory, data directory. */
public final class InfoCommand implements Command {
    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "show the numeric backend, BLAS, threads and CPU features";
    }

    @Override
    public String usage() {
        return "[--data-dir DIR]";
    }

    @Override
    public Options options(String[] args) {
        return Opts.base();
    }

    @Override
    public int run(CommandLine cl, Console console) {
        console.out().println("genlab " + Main.VERSION);
        for (Map.Entry<String, String> e : Backend.report().entrySet()) {
            console.out().printf("  %-20s %s%n", e.getKey(), e.getValue());
        }
        if (Backend.hasAvx512() && System.getenv("OPENBLAS_CORETYPE") == null) {
            console.out().println("  note: this CPU has AVX-512 but OpenBLAS may pick Haswell kernels; the ./genlab "
                    + "launcher sets OPENBLAS_CORETYPE=SkylakeX (about 1.8x faster GEMM, DL4J_NOTES)");
        }
        console.out().printf("  %-20s %s%n", "data directory", RunSupport.dataPaths(cl.getOptionValue("data-dir")).root());
        console.out().printf("  %-20s %d%n", "models registered", new ModelRegistry().all().size());
        return 0;
    }
}
