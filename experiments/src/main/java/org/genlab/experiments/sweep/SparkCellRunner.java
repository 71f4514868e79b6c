package org.genlab.experiments.sweep;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.genlab.common.UsageException;
import org.genlab.common.backend.JavaCppSettings;
import org.genlab.common.backend.NativeBuild;
import org.genlab.common.data.DataPaths;
import org.genlab.experiments.spark.SparkContexts;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each cell as one Spark task (one partition per cell) on {@code master}; results come back to the driver in
 * input order. Cell i works in {@code workDir/cell-i} on whichever executor runs it, so on a cluster workDir and
 * the data directory must be on a file system every executor sees at the same path (docs/spark.md). Cells are
 * independent and seeded, so results equal {@link LocalCellRunner}'s.
 */
public final class SparkCellRunner implements CellRunner {
    private final String master;

    public SparkCellRunner(String master) {
        this.master = SparkContexts.checkMaster(master);
    }

    @Override
    public String describe() {
        return "Apache Spark, master " + master + ", one task per cell";
    }

    @Override
    public List<String> run(String reproduction, List<String> cells, Path workDir, DataPaths data) throws Exception {
        if (cells.isEmpty()) return List.of();
        CellExecutor.forName(reproduction); // an unknown name fails here, not in a task
        List<IndexedCell> items = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) items.add(new IndexedCell(i, cells.get(i)));
        CellTask task = new CellTask(reproduction, workDir.toAbsolutePath().toString(), data.root().toAbsolutePath().toString());
        try (JavaSparkContext sc = SparkContexts.open(master, "genlab " + reproduction)) {
            return sc.parallelize(items, items.size()).map(task).collect();
        } catch (Exception e) {
            throw userErrorIn(e);
        }
    }

    /** A UsageException thrown inside a task reaches the driver wrapped in a SparkException: unwrap it. */
    private static Exception userErrorIn(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UsageException u) return u;
        }
        return e;
    }

    record IndexedCell(int index, String json) implements Serializable {
    }

    /** What a task needs: names and paths only; the executor looks the cell's code up again by name. */
    record CellTask(String executor, String workDir, String dataRoot) implements Function<IndexedCell, String> {
        @Override
        public String call(IndexedCell c) throws Exception {
            JavaCppSettings.apply(); // an executor JVM may not have loaded ND4J yet: settings and the oneDNN build first
            NativeBuild.select();
            Path dir = Path.of(workDir).resolve(String.format("cell-%03d", c.index()));
            Files.createDirectories(dir);
            return CellExecutor.forName(executor).run(c.json(), dir, new DataPaths(Path.of(dataRoot)));
        }
    }
}
