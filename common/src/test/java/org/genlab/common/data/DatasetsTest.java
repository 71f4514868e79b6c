package org.genlab.common.data;

import org.genlab.common.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void missingDatasetNamesTheInstallCommand() {
        DataPaths empty = new DataPaths(dir);
        for (String name : List.of(Datasets.MNIST, Datasets.DIGITS, Datasets.BROWN, Datasets.SENTENCES)) {
            assertFalse(Datasets.isInstalled(name, empty));
            UsageException e = assertThrows(UsageException.class, () -> {
                if (Datasets.info(name).kind() == Datasets.Kind.IMAGES) Datasets.images(name, empty);
                else Datasets.sentences(name, empty);
            });
            assertTrue(e.getMessage().contains("genlab data install " + name), e.getMessage());
            assertTrue(e.getMessage().contains(dir.resolve(name).toString()), e.getMessage());
        }
    }

    @Test
    void registryKnowsEveryNameAndRejectsOthers() {
        assertEquals(List.of("fashion-mnist", "mnist", "digits", "brown", "sentences"), Datasets.installableNames());
        assertEquals(5 + Toy2d.NAMES.size(), Datasets.all().size());
        for (String t : Toy2d.NAMES) assertFalse(Datasets.info(t).needsInstall());
        UsageException e = assertThrows(UsageException.class, () -> Datasets.info("cifar10"));
        assertTrue(e.getMessage().contains("mnist") && e.getMessage().contains("toy:moons"), e.getMessage());
        assertThrows(UsageException.class, () -> Datasets.images(Datasets.BROWN, new DataPaths(dir)));
        assertThrows(UsageException.class, () -> Datasets.sentences("text:" + dir.resolve("none.txt"), new DataPaths(dir)));
    }

    @Test
    void installingAToyIsANoOp() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertNull(new DatasetInstaller(new PrintStream(log, true, StandardCharsets.UTF_8)).install("toy:rings", new DataPaths(dir)));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("nothing to install"));
    }

    @Test
    void commandFailuresBecomeUsageErrors() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CommandRunner r = new CommandRunner(new PrintStream(log, true, StandardCharsets.UTF_8));
        r.run(dir, "n/a", List.of("sh", "-c", "echo hello-from-child"));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("  hello-from-child"), "output is streamed");
        UsageException failed = assertThrows(UsageException.class, () -> r.run(dir, "try X", List.of("sh", "-c", "exit 3")));
        assertTrue(failed.getMessage().contains("exit 3") && failed.getMessage().contains("try X"), failed.getMessage());
        UsageException missing = assertThrows(UsageException.class,
                () -> r.run(dir, "install it", List.of("no-such-tool-genlab")));
        assertTrue(missing.getMessage().contains("not installed or not on PATH"), missing.getMessage());
    }
}
