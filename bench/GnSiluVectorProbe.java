import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;
import java.util.Random;

/**
 * Design probe, not part of genlab: GroupNorm (8 groups, affine) + SiLU, forward and backward, hand-written in Java
 * on heap arrays at the U-Net's full-resolution shape [64, 32, 28, 28] (the `gn-silu` bench workload). It measures
 * how fast the block could be if it ran outside SameDiff (for instance between graph segments joined by SameDiff's
 * ExternalErrorsFunction). Session 7 built it into genlab as common.nn.GroupNormKernel, run inside the graph through
 * common.nn.JavaKernels; this probe stays as the record of the measurement. The SiLU loops use the Vector API, whose EXP is vectorised; pass --scalar for Math.exp.
 * Copies between ND4J's native buffers and the heap are not included. It first checks dL/dx against central
 * differences at 8 points, then times 20 forward + backward passes, 8 times.
 *
 *     OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector bench/GnSiluVectorProbe.java [--scalar]
 *
 * Measured on the benchmark VM (docs/benchmarks.md, session 6): 9.5-10.4 ms forward + backward with the Vector API,
 * 30 ms with Math.exp; genlab's SameDiff block took 56.6 ms and PyTorch's fused kernels 7.65 ms.
 */
public class GnSiluVectorProbe {
    static final int N = 64, C = 32, HW = 784, G = 8, CG = C / G, GS = CG * HW;
    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    static boolean vector = true;

    /** y = GroupNorm(x)·γ + β (kept for the backward pass), out = y·σ(y); mean and 1/σ per (n, group). */
    static void forward(float[] x, float[] gamma, float[] beta, float[] y, float[] out, float[] mean, float[] rstd) {
        for (int n = 0; n < N; n++) {
            for (int g = 0; g < G; g++) {
                int base = (n * C + g * CG) * HW;
                double s = 0;
                for (int i = 0; i < GS; i++) s += x[base + i];
                float mu = (float) (s / GS);
                double v = 0;
                for (int i = 0; i < GS; i++) {
                    float d = x[base + i] - mu;
                    v += d * d;
                }
                float r = (float) (1 / Math.sqrt(v / GS + 1e-5));
                mean[n * G + g] = mu;
                rstd[n * G + g] = r;
                for (int c = 0; c < CG; c++) {
                    int ch = g * CG + c, o = base + c * HW;
                    float a = r * gamma[ch], b = beta[ch] - mu * a;
                    int i = 0;
                    if (vector) {
                        for (; i <= HW - SP.length(); i += SP.length()) {
                            FloatVector t = FloatVector.fromArray(SP, x, o + i).mul(a).add(b);
                            t.intoArray(y, o + i);
                            t.div(t.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(out, o + i);
                        }
                    }
                    for (; i < HW; i++) {
                        float t = x[o + i] * a + b;
                        y[o + i] = t;
                        out[o + i] = t / (1f + (float) Math.exp(-t));
                    }
                }
            }
        }
    }

    /** dL/dx, dL/dγ, dL/dβ from dL/dout (dy is scratch). */
    static void backward(float[] x, float[] gamma, float[] y, float[] dout, float[] mean, float[] rstd,
                         float[] dx, float[] dgamma, float[] dbeta, float[] dy) {
        int i0 = 0;
        if (vector) {
            for (; i0 <= dy.length - SP.length(); i0 += SP.length()) {
                FloatVector t = FloatVector.fromArray(SP, y, i0);
                FloatVector s = FloatVector.broadcast(SP, 1f).div(t.neg().lanewise(VectorOperators.EXP).add(1f));
                FloatVector.fromArray(SP, dout, i0).mul(s.add(t.mul(s).mul(s.neg().add(1f)))).intoArray(dy, i0);
            }
        }
        for (int i = i0; i < dy.length; i++) {   // d/dy y·σ(y) = σ + y·σ·(1 − σ)
            float t = y[i], s = 1f / (1f + (float) Math.exp(-t));
            dy[i] = dout[i] * (s + t * s * (1 - s));
        }
        Arrays.fill(dgamma, 0);
        Arrays.fill(dbeta, 0);
        for (int n = 0; n < N; n++) {
            for (int g = 0; g < G; g++) {
                int base = (n * C + g * CG) * HW;
                float mu = mean[n * G + g], r = rstd[n * G + g];
                double sumD = 0, sumDx = 0;
                for (int c = 0; c < CG; c++) {
                    int ch = g * CG + c, o = base + c * HW;
                    double db = 0, dg = 0;
                    for (int i = 0; i < HW; i++) {
                        float xh = (x[o + i] - mu) * r, d = dy[o + i], dxh = d * gamma[ch];
                        db += d;
                        dg += d * xh;
                        sumD += dxh;
                        sumDx += dxh * xh;
                    }
                    dbeta[ch] += db;
                    dgamma[ch] += dg;
                }
                // dx = (1/σ)·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) over the group
                float m1 = (float) (sumD / GS), m2 = (float) (sumDx / GS);
                for (int c = 0; c < CG; c++) {
                    int ch = g * CG + c, o = base + c * HW;
                    for (int i = 0; i < HW; i++) {
                        float xh = (x[o + i] - mu) * r;
                        dx[o + i] = r * (dy[o + i] * gamma[ch] - m1 - xh * m2);
                    }
                }
            }
        }
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    public static void main(String[] args) {
        vector = !Arrays.asList(args).contains("--scalar");
        int len = N * C * HW;
        Random rnd = new Random(1);
        float[] x = new float[len], dout = new float[len], y = new float[len], out = new float[len], dx = new float[len], dy = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) rnd.nextGaussian() * 3;
            dout[i] = (float) rnd.nextGaussian();
        }
        float[] gamma = new float[C], beta = new float[C], dgamma = new float[C], dbeta = new float[C];
        for (int c = 0; c < C; c++) {
            gamma[c] = 0.5f + 0.05f * c;
            beta[c] = 0.1f * c - 1;
        }
        float[] mean = new float[N * G], rstd = new float[N * G];
        forward(x, gamma, beta, y, out, mean, rstd);
        backward(x, gamma, y, dout, mean, rstd, dx, dgamma, dbeta, dy);
        for (int k = 0; k < 8; k++) {   // L = Σ out·dout, central differences in x
            int i = rnd.nextInt(len);
            float h = 1e-2f, x0 = x[i];
            x[i] = x0 + h;
            forward(x, gamma, beta, y, out, mean, rstd);
            double lp = dot(out, dout);
            x[i] = x0 - h;
            forward(x, gamma, beta, y, out, mean, rstd);
            double lm = dot(out, dout);
            x[i] = x0;
            System.out.printf("dL/dx[%d]: analytic %.5f, central difference %.5f%n", i, dx[i], (lp - lm) / (2 * h));
        }
        for (int rep = 0; rep < 8; rep++) {
            int k = 20;
            long t0 = System.nanoTime();
            for (int i = 0; i < k; i++) {
                forward(x, gamma, beta, y, out, mean, rstd);
                backward(x, gamma, y, dout, mean, rstd, dx, dgamma, dbeta, dy);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < k; i++) forward(x, gamma, beta, y, out, mean, rstd);
            long t2 = System.nanoTime();
            System.out.printf("%s: forward + backward %.2f ms, forward %.2f ms%n", vector ? "Vector API" : "Math.exp",
                    (t1 - t0) / 1e6 / k, (t2 - t1) / 1e6 / k);
        }
    }
}
