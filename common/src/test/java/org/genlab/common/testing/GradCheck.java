package org.genlab.common.testing;

import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares SameDiff's backprop ({@code calculateGradients}) with central finite differences in DOUBLE precision.
 *
 * <p>Small variables are checked element by element; big ones on a deterministic random subset. An element passes
 * when {@code |a − n| / max(|a| + |n|, floor) ≤ maxRelError}: a relative test for ordinary gradients that turns into
 * an absolute one ({@code |a − n| ≤ maxRelError·floor}) for gradients near zero, where the finite difference is
 * dominated by rounding ({@code ~1e-16·|loss| / eps}). A variable whose checked gradient is identically zero fails
 * too (unless allowed), so a parameter that is not connected to the loss cannot pass vacuously.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Tolerances and sampling; immutable, change with the with-methods. */
    public record Options(double eps, double maxRelError, double floor, int fullCheckMax, int subsetSize, long seed,
                          boolean training, boolean allowZeroGradient) {
        public static Options defaults() {
            return new Options(1e-6, 1e-5, 1e-3, 64, 30, 12345L, true, false);
        }

        public Options withEps(double v) {
            return new Options(v, maxRelError, floor, fullCheckMax, subsetSize, seed, training, allowZeroGradient);
        }

        public Options withMaxRelError(double v) {
            return new Options(eps, v, floor, fullCheckMax, subsetSize, seed, training, allowZeroGradient);
        }

        public Options withFloor(double v) {
            return new Options(eps, maxRelError, v, fullCheckMax, subsetSize, seed, training, allowZeroGradient);
        }

        /** Variables with at most {@code full} elements are checked completely, bigger ones on {@code subset}. */
        public Options withSampling(int full, int subset) {
            return new Options(eps, maxRelError, floor, full, subset, seed, training, allowZeroGradient);
        }

        public Options withSeed(long v) {
            return new Options(eps, maxRelError, floor, fullCheckMax, subsetSize, v, training, allowZeroGradient);
        }

        /** Value fed to the graph's training flag when the feeds do not contain it (default: training). */
        public Options withTraining(boolean v) {
            return new Options(eps, maxRelError, floor, fullCheckMax, subsetSize, seed, v, allowZeroGradient);
        }

        public Options withAllowZeroGradient(boolean v) {
            return new Options(eps, maxRelError, floor, fullCheckMax, subsetSize, seed, training, v);
        }
    }

    /** One checked element. */
    public record Element(String variable, long[] position, double analytic, double numeric, double error) {
        @Override
        public String toString() {
            return String.format("%s%s: analytic %.10g, numeric %.10g, |diff| %.3g, scaled error %.3g", variable,
                    Arrays.toString(position), analytic, numeric, Math.abs(analytic - numeric), error);
        }
    }

    /** Outcome of a check: counts, the worst element and the problems found (empty when it passed). */
    public record Report(int checked, int failed, Element worst, double maxAbsGradient, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }

        public double maxError() {
            return worst == null ? 0.0 : worst.error();
        }

        @Override
        public String toString() {
            return (passed() ? "gradient check passed" : "gradient check FAILED") + ": " + checked + " elements, "
                    + failed + " over tolerance, worst " + worst + (passed() ? "" : "; " + String.join("; ", problems));
        }
    }

    /** Checks every trainable parameter of {@code g}; throws AssertionError with the worst element on failure. */
    public static Report check(ModelGraph g, String lossName, Map<String, INDArray> feeds) {
        return check(g, lossName, feeds, Options.defaults());
    }

    public static Report check(ModelGraph g, String lossName, Map<String, INDArray> feeds, Options o) {
        return assertPassed(evaluate(g, lossName, feeds, g.paramNames(), o));
    }

    /**
     * Checks the gradient with respect to an input: a plain (non-parameter) variable, or a placeholder in
     * {@code feeds}. Beware placeholders: SameDiff M2.1 builds the backward graph only for ops downstream of
     * trainable variables, so a placeholder's gradient silently misses every path to the loss that avoids them
     * (e.g. the x² in {@code Σ x·W + Σ x²}). Where an input gradient matters, make the input a variable.
     */
    public static Report checkInput(ModelGraph g, String lossName, Map<String, INDArray> feeds, String input) {
        return checkInput(g, lossName, feeds, input, Options.defaults());
    }

    public static Report checkInput(ModelGraph g, String lossName, Map<String, INDArray> feeds, String input, Options o) {
        return assertPassed(evaluate(g, lossName, feeds, List.of(input), o));
    }

    public static Report assertPassed(Report r) {
        if (!r.passed()) throw new AssertionError(r.toString());
        return r;
    }

    /** Runs the comparison for the named variables (parameters, buffers-as-variables or placeholders) without throwing. */
    public static Report evaluate(ModelGraph g, String lossName, Map<String, INDArray> feeds, List<String> vars, Options o) {
        if (g.dtype() != DataType.DOUBLE) {
            throw new IllegalArgumentException("gradient checks need a DOUBLE graph, this one is " + g.dtype());
        }
        SameDiff sd = g.sd();
        Map<String, INDArray> f = new HashMap<>();
        for (Map.Entry<String, INDArray> e : feeds.entrySet()) f.put(e.getKey(), e.getValue().dup());
        if (g.hasTrainingFlag() && !f.containsKey(ModelGraph.TRAINING)) f = g.feeds(f, o.training());

        List<String> previousLoss = new ArrayList<>(sd.getLossVariables());
        sd.setLossVariables(lossName);
        try {
            double loss0 = lossValue(sd, f, lossName);
            if (!Double.isFinite(loss0)) throw new IllegalArgumentException("loss '" + lossName + "' is " + loss0);
            Map<String, INDArray> grads = sd.calculateGradients(f, vars);
            Rng pick = new Rng(o.seed());
            List<String> problems = new ArrayList<>();
            Element worst = null;
            int checked = 0, failed = 0;
            double maxAbs = 0;
            for (String v : vars) {
                INDArray target = f.containsKey(v) ? f.get(v) : g.array(v);
                INDArray grad = grads.get(v);
                if (grad != null && !Arrays.equals(grad.shape(), target.shape())) {
                    problems.add(v + ": gradient shape " + Arrays.toString(grad.shape()) + " differs from variable shape "
                            + Arrays.toString(target.shape()));
                    continue;
                }
                double varMaxAbs = 0;
                for (long i : indices(target.length(), o, pick)) {
                    double orig = target.getDouble(i);
                    target.putScalar(i, orig + o.eps());
                    double lp = lossValue(sd, f, lossName);
                    target.putScalar(i, orig - o.eps());
                    double lm = lossValue(sd, f, lossName);
                    target.putScalar(i, orig);
                    double num = (lp - lm) / (2 * o.eps());
                    double an = grad == null ? 0.0 : grad.getDouble(i);
                    double err = Math.abs(an - num) / Math.max(Math.abs(an) + Math.abs(num), o.floor());
                    if (!(err <= o.maxRelError())) failed++; // NaN counts as a failure
                    Element el = new Element(v, position(target.shape(), i), an, num, err);
                    if (worst == null || !(err <= worst.error())) worst = el;
                    varMaxAbs = Math.max(varMaxAbs, Math.max(Math.abs(an), Math.abs(num)));
                    checked++;
                }
                maxAbs = Math.max(maxAbs, varMaxAbs);
                if (!o.allowZeroGradient() && varMaxAbs < 1e-12) {
                    problems.add(v + ": gradient is zero on every checked element (not connected to the loss?)");
                }
            }
            if (failed > 0) {
                problems.add(0, failed + " of " + checked + " elements exceed scaled error " + o.maxRelError());
                for (String v : vars) {
                    if (sd.hasVariable(v) && sd.getVariable(v).isPlaceHolder()) {
                        problems.add(v + " is a placeholder: SameDiff M2.1 leaves out gradient paths from a placeholder"
                                + " that reach the loss without passing a trainable variable; make it a variable");
                    }
                }
            }
            return new Report(checked, failed, worst, maxAbs, problems);
        } finally {
            sd.setLossVariables(previousLoss.toArray(new String[0]));
        }
    }

    /**
     * A scalar test loss named {@code name}: {@code Σ R⊙y + ½ Σ y²} with a fixed random R of the given shape.
     * Unlike {@code sum(y)} it has non-trivial gradients through normalisation layers (whose outputs sum to a
     * constant), and the quadratic term makes the upstream gradient depend on y.
     */
    public static SDVariable projectionLoss(ModelGraph g, SDVariable y, long[] shape, long seed, String name) {
        INDArray r = new Rng(seed).gaussian(g.dtype(), shape);
        SDVariable rc = g.sd().constant(name + "_R", r);
        return y.mul(rc).sum().add(y.mul(y).sum().mul(0.5)).rename(name);
    }

    /** Variables with random values in [−1, 1) (deterministic by seed): handy test inputs. */
    public static INDArray uniform(long seed, long... shape) {
        return new Rng(seed).uniform(DataType.DOUBLE, -1, 1, shape);
    }

    private static double lossValue(SameDiff sd, Map<String, INDArray> f, String loss) {
        INDArray out = sd.output(f, loss).get(loss);
        if (out.length() != 1) {
            throw new IllegalArgumentException("loss '" + loss + "' must be a scalar, has shape " + Arrays.toString(out.shape()));
        }
        return out.getDouble(0);
    }

    /** All indices of small variables; a sorted deterministic sample without repetition of big ones. */
    static long[] indices(long n, Options o, Rng rng) {
        if (n <= o.fullCheckMax() || n <= o.subsetSize()) {
            long[] all = new long[(int) n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        java.util.TreeSet<Long> s = new java.util.TreeSet<>();
        while (s.size() < o.subsetSize()) {
            long r = (rng.nextLong() >>> 1) % n;
            s.add(r);
        }
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] position(long[] shape, long flat) {
        long[] p = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            p[d] = flat % shape[d];
            flat /= shape[d];
        }
        return p;
    }
}
