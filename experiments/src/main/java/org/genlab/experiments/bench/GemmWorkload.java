package org.genlab.experiments.bench;

import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * FP32 square matrix product C = A·B of size n through {@code Nd4j.gemm} into a preallocated C (ND4J's OpenBLAS
 * SGEMM; DL4J_NOTES: 2–3× faster than {@code mmul}, which allocates). Reports GFLOP/s = 2n³ / median time.
 */
public final class GemmWorkload implements Workload {
    private final int n;
    private INDArray a, b, c;

    public GemmWorkload(int n) {
        this.n = n;
    }

    @Override
    public String name() {
        return "gemm-" + n;
    }

    @Override
    public String description() {
        return "SGEMM " + n + "x" + n + "x" + n + " (Nd4j.gemm into a preallocated result), GFLOP/s";
    }

    @Override
    public void setUp() {
        Rng rng = new Rng(n);
        a = rng.uniform(DataType.FLOAT, -1, 1, n, n);
        b = rng.uniform(DataType.FLOAT, -1, 1, n, n);
        c = Nd4j.zeros(DataType.FLOAT, n, n);
    }

    @Override
    public void run() {
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }

    @Override
    public Map<String, Double> extras(double medianMs) {
        return Map.of("gflops", 2.0 * n * n * n / (medianMs * 1e6));
    }
}
