package org.genlab.gan.testing;

import org.genlab.common.nn.ModelGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Central finite differences of a scalar function of a graph's live parameter arrays (perturbed in place and
 * restored), compared element by element with analytic gradients: error = |a − n| / max(|a| + |n|, floor).
 */
public final class FiniteDifferences {
    private FiniteDifferences() {
    }

    public record Result(int checked, int failed, double worstError, String worst, double maxAbsNumeric) {
        public boolean passed() {
            return failed == 0;
        }

        @Override
        public String toString() {
            return checked + " elements, " + failed + " over tolerance, worst error " + worstError + " at " + worst
                    + ", max |numeric| " + maxAbsNumeric;
        }
    }

    public static Result compare(ModelGraph g, List<String> params, Map<String, INDArray> analytic, DoubleSupplier loss,
                                 double h, double tol, double floor) {
        int checked = 0, failed = 0;
        double worstErr = 0, maxNum = 0;
        String worst = "-";
        for (String p : params) {
            INDArray a = g.array(p);
            INDArray an = analytic.get(p);
            if (an == null) throw new AssertionError("no analytic gradient for " + p);
            for (long k = 0; k < a.length(); k++) {
                double orig = a.getDouble(k);
                a.putScalar(k, orig + h);
                double lp = loss.getAsDouble();
                a.putScalar(k, orig - h);
                double lm = loss.getAsDouble();
                a.putScalar(k, orig);
                double num = (lp - lm) / (2 * h);
                double ana = an.getDouble(k);
                double err = Math.abs(ana - num) / Math.max(Math.abs(ana) + Math.abs(num), floor);
                checked++;
                maxNum = Math.max(maxNum, Math.abs(num));
                if (err > tol) failed++;
                if (err > worstErr) {
                    worstErr = err;
                    worst = String.format("%s[%d] analytic %.10g numeric %.10g", p, k, ana, num);
                }
            }
        }
        return new Result(checked, failed, worstErr, worst, maxNum);
    }
}
