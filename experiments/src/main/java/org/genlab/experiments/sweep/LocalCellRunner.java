package org.genlab.experiments.sweep;

import org.genlab.common.data.DataPaths;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs cells one after another in this JVM; cell i works in {@code workDir/cell-i}. */
public final class LocalCellRunner implements CellRunner {
    @Override
    public String describe() {
        return "sequential, in-process";
    }

    @Override
    public List<String> run(String reproduction, List<String> cells, Path workDir, DataPaths data) throws Exception {
        CellExecutor r = CellExecutor.forName(reproduction);
        List<String> out = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            Path dir = workDir.resolve(String.format("cell-%03d", i));
            Files.createDirectories(dir);
            out.add(r.run(cells.get(i), dir, data));
        }
        return out;
    }
}
