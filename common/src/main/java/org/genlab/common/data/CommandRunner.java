package org.genlab.common.data;

import org.genlab.common.UsageException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs an external installer command (apt-get, npm, tar, mvn) with ProcessBuilder, streaming its output line by line,
 * and turns a missing tool or a non-zero exit into a {@link UsageException} that says what to do.
 */
final class CommandRunner {
    private final PrintStream log;

    CommandRunner(PrintStream log) {
        this.log = log;
    }

    /** Runs {@code cmd} in {@code workDir}; {@code hint} is appended to the failure message. */
    void run(Path workDir, String hint, List<String> cmd) {
        run(workDir, hint, cmd, null);
    }

    /** As {@link #run(Path, String, List)}, but stdout goes to {@code stdoutFile} (binary output such as a tar stream). */
    void run(Path workDir, String hint, List<String> cmd, Path stdoutFile) {
        String shown = String.join(" ", cmd);
        log.println("$ " + shown);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        if (stdoutFile != null) pb.redirectOutput(stdoutFile.toFile());
        else pb.redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UsageException("'" + cmd.get(0) + "' is not installed or not on PATH (" + e.getMessage() + "); " + hint);
        }
        // With stdout redirected to a file, only stderr is left to stream.
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                stdoutFile != null ? p.getErrorStream() : p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) log.println("  " + line);
        } catch (IOException e) {
            log.println("  (output lost: " + e.getMessage() + ")");
        }
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted while running: " + shown);
        }
        if (rc != 0) throw new UsageException("command failed (exit " + rc + "): " + shown + "; " + hint);
    }

    /** Whether this process runs as root (apt-get install needs it). */
    static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && out.equals("0");
        } catch (IOException e) {
            return "root".equals(System.getProperty("user.name"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
