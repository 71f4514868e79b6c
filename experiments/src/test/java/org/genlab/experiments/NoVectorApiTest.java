package org.genlab.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * genlab in a JVM started without {@code --add-modules jdk.incubator.vector} (a user's own {@code java} command):
 * float graphs fall back to SameDiff's ops, and no class of the Java kernels, which need the module, may load.
 * Runs the CLI in a child JVM, since this one has the module.
 */
class NoVectorApiTest {

    private static Result genlab(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "-Djava.awt.headless=true"));
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension");
        if (ext != null) cmd.add("-Dorg.bytedeco.javacpp.platform.extension=" + ext);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("out-" + args[0] + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("genlab " + String.join(" ", args) + " did not finish in 300 s");
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String output) {
    }

    @Test
    void trainsOnSameDiffOpsWithoutTheVectorApiModule(@TempDir Path tmp) throws Exception {
        Result info = genlab(tmp, "info");
        assertEquals(0, info.exit(), info.output());
        assertTrue(info.output().contains("java kernels         off: this JVM lacks --add-modules jdk.incubator.vector"), info.output());
        assertTrue(!info.output().contains("Using incubator modules"), info.output());
        // SiLU MLP with time embedding (score-sde) and a ReLU critic (wgan-gp): the activations' kernel paths.
        for (String[] run : List.of(new String[]{"score-sde", "toy:swissroll"}, new String[]{"wgan-gp", "toy:8gaussians"})) {
            Path out = tmp.resolve(run[0]);
            Result r = genlab(tmp, "train", "--model", run[0], "--data", run[1], "--steps", "3", "--out", out.toString());
            assertEquals(0, r.exit(), r.output());
            assertTrue(Files.isDirectory(out.resolve("checkpoints")), r.output());
        }
    }
}
