import org.genlab.common.nn.Activation;
import org.genlab.common.nn.Conv2d;
import org.genlab.common.nn.GroupNorm;
import org.genlab.common.nn.Init;
import org.genlab.common.nn.ModelGraph;
import org.genlab.common.random.Rng;
import org.genlab.common.train.PeriodicGc;
import org.genlab.common.train.StepArrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.util.SameDiffUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Design probe, not part of genlab: conv → GroupNorm + SiLU → conv → loss at [64, 32, 28, 28], forward and backward,
 * as one SameDiff graph against two SameDiff segments with the middle block in Java ({@code GnSiluVectorProbe}).
 * Not the route genlab took: session 7 runs the block inside one graph on a carrier op (common.nn.JavaKernels).
 * The first segment receives the block's input gradient through ExternalErrorsFunction and runs its forward twice
 * (once for the block's input, once inside its gradient computation). It checks that both give the same
 * gradient for the first convolution's weights, then times both. Build genlab first, then:
 *
 *     CP="$(cat experiments/target/classpath.txt):experiments/target/genlab.jar"
 *     javac --add-modules jdk.incubator.vector -cp "$CP" -d /tmp/probe bench/GnSiluVectorProbe.java bench/SegmentedBlockProbe.java
 *     OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp "$CP:/tmp/probe" SegmentedBlockProbe
 *
 * Measured (docs/benchmarks.md, session 6): 100–108 ms as one graph, 67–74 ms segmented.
 */
public class SegmentedBlockProbe {
    static final long[] S = {64, 32, 28, 28};
    static final int L = 64 * 32 * 28 * 28;

    public static void main(String[] args) {
        INDArray c = new Rng(1).gaussian(DataType.FLOAT, S);

        ModelGraph g = new ModelGraph(DataType.FLOAT, new Rng(2));
        SameDiff sd = g.sd();
        SDVariable x = g.scope("in").param("x", Init.normal(1.0), 1, 1, S);
        SDVariable h = new Conv2d(g.scope("c1"), 32, 32, 3, 1, 1, false).apply(x);
        SDVariable act = Activation.SILU.apply(new GroupNorm(g.scope("n"), 32, 8).apply(h));
        new Conv2d(g.scope("c2"), 32, 32, 3, 1, 1, false).apply(act).mul(sd.constant(c)).sum().rename("loss");
        sd.setLossVariables("loss");
        List<String> wrt = g.paramNames();
        StepArrays arrays = StepArrays.fromSystemProperty();

        // Segment A: input and first convolution; same initial values as above (same seed, same order).
        ModelGraph ga = new ModelGraph(DataType.FLOAT, new Rng(2));
        SameDiff sdA = ga.sd();
        SDVariable xa = ga.scope("in").param("x", Init.normal(1.0), 1, 1, S);
        SDVariable ha = new Conv2d(ga.scope("c1"), 32, 32, 3, 1, 1, false).apply(xa).rename("h");
        SameDiffUtils.externalErrors(sdA, null, ha);
        List<String> wrtA = ga.paramNames();
        // Segment B: the block's output as a placeholder, the second convolution and the loss.
        ModelGraph gb = new ModelGraph(DataType.FLOAT, new Rng(3));
        SameDiff sdB = gb.sd();
        SDVariable ab = sdB.placeHolder("a", DataType.FLOAT, S);
        new Conv2d(gb.scope("c2"), 32, 32, 3, 1, 1, false).apply(ab).mul(sdB.constant(c)).sum().rename("loss");
        sdB.setLossVariables("loss");
        sdB.getVariable("c2/W").getArr().assign(sd.getVariable("c2/W").getArr());
        List<String> wrtB = new ArrayList<>(gb.paramNames());
        wrtB.add("a");
        StepArrays arraysA = StepArrays.fromSystemProperty(), arraysB = StepArrays.fromSystemProperty();

        float[] hx = new float[L], y = new float[L], out = new float[L], dout = new float[L], dx = new float[L], dy = new float[L];
        float[] gamma = new float[32], beta = new float[32], dgamma = new float[32], dbeta = new float[32];
        float[] mean = new float[512], rstd = new float[512];
        Arrays.fill(gamma, 1f);   // GroupNorm's initial γ and β
        INDArray[] lastGradient = new INDArray[1];
        Runnable segmented = () -> {
            INDArray hArr = sdA.output(Map.of(), "h").get("h");
            hArr.data().asNioFloat().get(0, hx, 0, L);
            GnSiluVectorProbe.forward(hx, gamma, beta, y, out, mean, rstd);
            INDArray aArr = Nd4j.createUninitialized(DataType.FLOAT, S);
            aArr.data().asNioFloat().put(out);
            Map<String, INDArray> gradB = arraysB.during(sdB, () -> sdB.calculateGradients(Map.of("a", aArr), wrtB));
            gradB.get("a").data().asNioFloat().get(0, dout, 0, L);
            GnSiluVectorProbe.backward(hx, gamma, y, dout, mean, rstd, dx, dgamma, dbeta, dy);
            INDArray dh = Nd4j.createUninitialized(DataType.FLOAT, S);
            dh.data().asNioFloat().put(dx);
            dh.muli(0.5);   // ExternalErrorsFunction applies the injected gradient twice in M2.1 (measured)
            lastGradient[0] = arraysA.during(sdA, () -> sdA.calculateGradients(Map.of("h-grad", dh), wrtA)).get("c1/W").dup();
        };
        segmented.run();
        INDArray reference = sd.calculateGradients(Map.of(), wrt).get("c1/W");
        System.out.printf("c1/W gradient: max |segmented - one graph| = %.3e, max |one graph| = %.3e%n",
                lastGradient[0].sub(reference).amaxNumber().doubleValue(), reference.amaxNumber().doubleValue());
        for (int rep = 0; rep < 3; rep++) {
            time("one graph", () -> arrays.during(sd, () -> sd.calculateGradients(Map.of(), wrt)));
            time("segmented", segmented);
        }
    }

    static void time(String name, Runnable r) {
        PeriodicGc gc = new PeriodicGc();
        long end = System.nanoTime() + 4_000_000_000L;
        while (System.nanoTime() < end) {
            r.run();
            gc.maybeCollect();
        }
        double[] t = new double[20];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
            gc.maybeCollect();
        }
        Arrays.sort(t);
        System.out.printf("%-10s median %.2f ms%n", name, t[t.length / 2]);
    }
}
