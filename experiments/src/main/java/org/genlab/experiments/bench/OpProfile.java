package org.genlab.experiments.bench;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a workload's time goes: a SameDiff listener on its graphs counts every executed op and times it (from
 * {@code preOpExecution} to {@code opExecution}, i.e. the op's own execution), so that wall time − op time is the
 * overhead around the ops (SameDiff's session bookkeeping, feeds, optimiser and data work in Java).
 */
public final class OpProfile extends BaseListener {
    private static final class Stat {
        long count;
        long nanos;
    }

    private final Map<String, Stat> byOp = new HashMap<>();
    /** Per op instance (its name in the graph), labelled with its type and first output's shape. */
    private final Map<String, Stat> byInstance = new HashMap<>();
    private final Map<String, String> labels = new HashMap<>();
    private long start;

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        start = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext, INDArray[] outputs) {
        long dt = System.nanoTime() - start;
        Stat s = byOp.computeIfAbsent(op.getOp().opName(), k -> new Stat());
        s.count++;
        s.nanos += dt;
        String id = op.getName();
        Stat i = byInstance.computeIfAbsent(id, k -> new Stat());
        i.count++;
        i.nanos += dt;
        if (!labels.containsKey(id)) {
            String shape = outputs != null && outputs.length > 0 && outputs[0] != null
                    ? java.util.Arrays.toString(outputs[0].shape()) : "?";
            labels.put(id, op.getOp().opName() + " " + shape);
        }
    }

    /** Profiles {@code runs} runs of a set-up workload (after {@code warmup} untimed ones) and prints the summary. */
    public static void profile(Workload w, int warmup, int runs, PrintStream out) {
        w.setUp();
        try {
            for (int i = 0; i < warmup; i++) w.run();
            OpProfile p = new OpProfile();
            for (SameDiff sd : w.graphs()) sd.addListeners(p);
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) w.run();
            double wallMs = (System.nanoTime() - t0) / 1e6 / runs;
            p.print(w.name(), wallMs, runs, out);
        } finally {
            w.tearDown();
        }
    }

    private void print(String name, double wallMs, int runs, PrintStream out) {
        long ops = 0, nanos = 0;
        for (Stat s : byOp.values()) {
            ops += s.count;
            nanos += s.nanos;
        }
        double opMs = nanos / 1e6 / runs;
        out.printf("%s: %.2f ms/run wall, %.1f SameDiff ops/run taking %.2f ms (%.0f%%), %.2f ms/run outside the ops%n",
                name, wallMs, (double) ops / runs, opMs, 100 * opMs / wallMs, wallMs - opMs);
        List<Map.Entry<String, Stat>> l = new ArrayList<>(byOp.entrySet());
        l.sort((a, b) -> Long.compare(b.getValue().nanos, a.getValue().nanos));
        out.printf("  %-28s %9s %10s %9s%n", "op", "per run", "ms/run", "us/op");
        for (Map.Entry<String, Stat> e : l.subList(0, Math.min(15, l.size()))) {
            Stat s = e.getValue();
            out.printf("  %-28s %9.1f %10.3f %9.1f%n", e.getKey(), (double) s.count / runs, s.nanos / 1e6 / runs,
                    s.nanos / 1e3 / s.count);
        }
        // The slowest single ops tell which layer a costly op type comes from (op type, output shape, graph name).
        List<Map.Entry<String, Stat>> inst = new ArrayList<>(byInstance.entrySet());
        inst.sort((a, b) -> Long.compare(b.getValue().nanos, a.getValue().nanos));
        out.printf("  slowest ops:%n");
        for (Map.Entry<String, Stat> e : inst.subList(0, Math.min(Integer.getInteger("genlab.profileTop", 15), inst.size()))) {
            out.printf("  %10.3f ms/run  %-40s %s%n", e.getValue().nanos / 1e6 / runs, labels.get(e.getKey()), e.getKey());
        }
    }
}
