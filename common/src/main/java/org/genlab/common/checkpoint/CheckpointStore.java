package org.genlab.common.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.config.Config;
import org.genlab.common.state.StateBundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints of one run: {@code RUN/checkpoints/step-00001000/{arrays.bin, meta.json}} plus a {@code LATEST}
 * pointer. A checkpoint is written into a temporary directory, flushed to disk and renamed into place, and only then
 * does LATEST move to it, so a run killed at any moment leaves the previous checkpoint intact and loadable.
 */
public final class CheckpointStore {
    public static final String FORMAT = "genlab-checkpoint-1";
    private static final String ARRAYS = "arrays.bin";
    private static final String META = "meta.json";
    private static final String LATEST = "LATEST";

    private final Path dir;

    public CheckpointStore(Path runDir) {
        this.dir = runDir.resolve("checkpoints");
    }

    public Path dir() {
        return dir;
    }

    public static String name(long step) {
        return String.format("step-%08d", step);
    }

    /** Writes a checkpoint atomically and keeps only the newest {@code keep}. Returns its directory. */
    public Path save(long step, StateBundle bundle, int keep) {
        try {
            Files.createDirectories(dir);
            Path fin = dir.resolve(name(step));
            Path tmp = dir.resolve(".tmp-" + name(step) + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            Files.createDirectories(tmp);
            ArrayFile.write(tmp.resolve(ARRAYS), bundle.arrays());
            ObjectNode meta = bundle.meta().deepCopy();
            meta.put("format", FORMAT);
            meta.put("step", step);
            Config.JSON.writeValue(tmp.resolve(META).toFile(), meta);
            if (Files.exists(fin)) deleteTree(fin);
            Files.move(tmp, fin, StandardCopyOption.ATOMIC_MOVE);
            writeAtomically(dir.resolve(LATEST), name(step));
            prune(keep);
            return fin;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint for step " + step + " in " + dir, e);
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void prune(int keep) throws IOException {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) deleteTree(all.get(i));
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith("step-") && Files.isDirectory(p)).sorted().forEach(out::add);
        }
        return out;
    }

    public Optional<Path> latest() {
        Path p = dir.resolve(LATEST);
        try {
            if (Files.isRegularFile(p)) {
                Path c = dir.resolve(Files.readString(p).trim());
                if (Files.isDirectory(c)) return Optional.of(c);
            }
            List<Path> all = list();
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Resolves what a user passed to --resume or --checkpoint: a run directory (its latest checkpoint) or one
     * checkpoint directory.
     */
    public static Path resolve(Path given) {
        if (!Files.exists(given)) throw new CheckpointException("checkpoint path not found: " + given);
        if (Files.isRegularFile(given.resolve(META))) return given;
        if (Files.isDirectory(given.resolve("checkpoints"))) {
            return new CheckpointStore(given).latest().orElseThrow(() ->
                    new CheckpointException("run directory " + given + " has no complete checkpoint yet"));
        }
        throw new CheckpointException(given + " is neither a genlab run directory nor a checkpoint directory "
                + "(expected RUN/config.json with RUN/checkpoints/, or a step-NNNNNNNN directory)");
    }

    /** The run directory that holds a checkpoint directory. */
    public static Path runDirOf(Path checkpoint) {
        return checkpoint.toAbsolutePath().getParent().getParent();
    }

    public static StateBundle load(Path checkpoint) {
        Path metaFile = checkpoint.resolve(META);
        Path arraysFile = checkpoint.resolve(ARRAYS);
        if (!Files.isRegularFile(metaFile) || !Files.isRegularFile(arraysFile)) {
            throw new CheckpointException(checkpoint + " is not a complete genlab checkpoint (needs " + META + " and " + ARRAYS + ")");
        }
        JsonNode meta;
        try {
            meta = Config.JSON.readTree(metaFile.toFile());
        } catch (IOException e) {
            throw new CheckpointException(metaFile + " is not valid JSON: " + e.getMessage());
        }
        if (meta == null || !meta.isObject() || !FORMAT.equals(meta.path("format").asText())) {
            throw new CheckpointException(metaFile + " is not a " + FORMAT + " file");
        }
        StateBundle b = new StateBundle((ObjectNode) meta);
        try {
            ArrayFile.read(arraysFile).forEach(b::putArrayNoCopy);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + arraysFile + ": " + e.getMessage(), e);
        }
        return b;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
