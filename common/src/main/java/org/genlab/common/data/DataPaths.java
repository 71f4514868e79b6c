package org.genlab.common.data;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where installed datasets live: {@code --data-dir}, else $GENLAB_DATA, else ~/.genlab/data. Each dataset has its own
 * sub-directory, written by {@code genlab data install NAME}.
 */
public record DataPaths(Path root) {
    public static DataPaths defaults() {
        String env = System.getenv("GENLAB_DATA");
        if (env != null && !env.isBlank()) return new DataPaths(Paths.get(env));
        return new DataPaths(Paths.get(System.getProperty("user.home"), ".genlab", "data"));
    }

    public Path dir(String dataset) {
        return root.resolve(dataset);
    }
}
