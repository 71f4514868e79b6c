package org.genlab.experiments;

import org.genlab.experiments.CliRun.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.genlab.experiments.CliRun.run;
import static org.junit.jupiter.api.Assertions.*;

/** Bad input gets one clear line on stderr and exit code 2, never a stack trace. */
class CliErrorPathsTest {

    static void assertUsageError(Result r, String expected) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        assertTrue(r.err().contains(expected), "stderr should mention '" + expected + "': " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "exactly one line: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void unknownCommandAndFlag() {
        assertUsageError(run("frobnicate"), "unknown command 'frobnicate'");
        assertUsageError(run("train", "--bogus", "1"), "Unrecognized option: --bogus");
        assertUsageError(run("list", "extra"), "unexpected argument 'extra'");
    }

    @Test
    void unknownModelNamesTheAlternatives() {
        assertUsageError(run("train", "--model", "no-such-model", "--data", "toy:swissroll"), "unknown model 'no-such-model'");
        assertUsageError(run("train", "--data", "toy:swissroll"), "missing --model");
    }

    @Test
    void missingFilesAndCheckpoints(@TempDir Path tmp) throws Exception {
        assertUsageError(run("sample", "--checkpoint", tmp.resolve("nope").toString()), "checkpoint path not found");
        assertUsageError(run("eval", "--checkpoint", tmp.toString()), "neither a genlab run directory nor a checkpoint");
        Path fake = tmp.resolve("run");
        Files.createDirectories(fake.resolve("checkpoints/step-00000010"));
        Files.writeString(fake.resolve("checkpoints/step-00000010/meta.json"), "{\"format\":\"something-else\"}");
        Files.writeString(fake.resolve("checkpoints/step-00000010/arrays.bin"), "x");
        Files.writeString(fake.resolve("config.json"), "{\"model\":\"no-such-model\"}");
        assertUsageError(run("sample", "--checkpoint", fake.toString()), "unknown model 'no-such-model'");
        assertUsageError(run("train", "--resume", tmp.resolve("missing").toString()), "not found");
        assertUsageError(run("train", "--model", "x", "--config", tmp.resolve("none.json").toString()), "unknown model 'x'");
    }

    @Test
    void badNumbers() {
        assertUsageError(run("sample", "--checkpoint", "/nonexistent", "--n", "many"), "not found");
        assertUsageError(run("reproduce", "x", "--seeds", "two"), "unknown reproduction 'x'");
        assertUsageError(run("reproduce", "--quick", "--full", "a"), "choose --quick or --full");
    }

    @Test
    void dataCommandErrors() {
        assertUsageError(run("data"), "say 'install NAME'");
        assertUsageError(run("data", "install", "cifar10"), "cifar10");
        assertUsageError(run("data", "shuffle", "mnist"), "unknown data action 'shuffle'");
    }

    @Test
    void helpAndListSucceed() {
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("quickstart"));
        Result trainHelp = run("train", "--help");
        assertEquals(0, trainHelp.code());
        assertTrue(trainHelp.out().contains("--resume"), trainHelp.out());
        Result list = run("list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("toy:swissroll"), list.out());
        assertEquals(2, run().code(), "no arguments is a usage error");
    }
}
