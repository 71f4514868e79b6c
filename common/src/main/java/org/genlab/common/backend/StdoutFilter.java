package org.genlab.common.backend;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * SameDiff prints one "Added differentiated op ..." line per op to System.out the first time it builds a gradient
 * function, and logging configuration cannot silence it (DL4J_NOTES). This filter drops exactly those lines and
 * passes everything else through unchanged.
 */
public final class StdoutFilter extends OutputStream {
    private static final String NOISE = "Added differentiated op";
    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private StdoutFilter(PrintStream target) {
        this.target = target;
    }

    /** Replaces System.out by a filtering stream (idempotent). */
    public static synchronized void install() {
        if (System.out instanceof Filtered) return;
        System.setOut(new Filtered(new StdoutFilter(System.out)));
    }

    private static final class Filtered extends PrintStream {
        Filtered(OutputStream out) {
            super(out, true, StandardCharsets.UTF_8);
        }
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') flushLine();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    private void flushLine() {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!s.startsWith(NOISE)) {
            target.print(s);
            target.flush();
        }
    }

    @Override
    public synchronized void flush() {
        // A partial line (a progress bar's \r redraw) is passed through at once.
        if (line.size() > 0) {
            String s = line.toString(StandardCharsets.UTF_8);
            if (!NOISE.startsWith(s) && !s.startsWith(NOISE)) {
                target.print(s);
                line.reset();
            }
        }
        target.flush();
    }
}
