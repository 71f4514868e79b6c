package org.genlab.common.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Shows training progress: a live progress bar with the latest loss on a terminal, and plain lines (every ~5 % and
 * at checkpoints) when the output is a log file, where a redrawn bar would be noise.
 */
public final class ConsoleProgress implements TrainListener {
    private final PrintStream out;
    private final boolean interactive;
    private ProgressBar bar;
    private long total, start, lastLine;
    private long t0;

    public ConsoleProgress(PrintStream out) {
        this(out, System.console() != null);
    }

    public ConsoleProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void onStart(long startStep, long totalSteps) {
        this.total = totalSteps;
        this.start = startStep;
        this.t0 = System.nanoTime();
        if (interactive) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
                    .showSpeed().build();
            bar.stepTo(startStep);
        } else {
            out.printf("training steps %d..%d%n", startStep, totalSteps);
        }
    }

    @Override
    public void onStep(long completed, Map<String, Double> metrics) {
        String msg = format(metrics);
        if (bar != null) {
            bar.stepTo(completed);
            bar.setExtraMessage(msg);
        } else {
            long every = Math.max(1, (total - start) / 20);
            if (completed - lastLine >= every || completed == total) {
                lastLine = completed;
                double sec = (System.nanoTime() - t0) / 1e9;
                double rate = (completed - start) / Math.max(sec, 1e-9);
                out.printf("step %d/%d  %s  (%.1f steps/s, %.0fs)%n", completed, total, msg, rate, sec);
            }
        }
    }

    static String format(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : m.entrySet()) {
            if (e.getKey().equals("lr")) continue;
            if (sb.length() > 0) sb.append(' ');
            sb.append(e.getKey()).append('=').append(String.format("%.4g", e.getValue()));
        }
        return sb.toString();
    }

    @Override
    public void onCheckpoint(long completed, Path checkpoint) {
        if (bar == null) out.printf("checkpoint %s%n", checkpoint);
    }

    @Override
    public void onEnd(long completed) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
