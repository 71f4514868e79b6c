/* Measured FP32 peak of this CPU: each thread runs independent chains of fused multiply-adds on 512-bit (AVX-512)
 * or 256-bit (AVX2) registers, enough chains to hide the FMA latency, and the best of several trials counts
 * 2 FLOP per lane per FMA. Build: gcc -O2 -mavx512f -mfma -fopenmp fma_peak.c -o fma_peak
 * The chain loop must be unrolled so that the accumulators live in registers: without the pragma, gcc -O2 kept
 * acc[] on the stack and this reported 52 GFLOP/s per core, a third of what SGEMM itself reached (session 3).
 * Usage: OMP_NUM_THREADS=N ./fma_peak [avx512|avx2]   → prints GFLOP/s */
#include <immintrin.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#define CHAINS 12
#define ITERS 20000000L

static double run512(void) {
    __m512 acc[CHAINS];
    __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < CHAINS; i++) acc[i] = _mm512_set1_ps((float) i);
    for (long k = 0; k < ITERS; k++)
#pragma GCC unroll 16
        for (int i = 0; i < CHAINS; i++) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
    float s = 0, out[16];
    for (int i = 0; i < CHAINS; i++) { _mm512_storeu_ps(out, acc[i]); s += out[0]; }
    return s;
}

static double run256(void) {
    __m256 acc[CHAINS];
    __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    for (int i = 0; i < CHAINS; i++) acc[i] = _mm256_set1_ps((float) i);
    for (long k = 0; k < ITERS; k++)
#pragma GCC unroll 16
        for (int i = 0; i < CHAINS; i++) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
    float s = 0, out[8];
    for (int i = 0; i < CHAINS; i++) { _mm256_storeu_ps(out, acc[i]); s += out[0]; }
    return s;
}

int main(int argc, char **argv) {
    int wide = !(argc > 1 && strcmp(argv[1], "avx2") == 0);
    int lanes = wide ? 16 : 8;
    double best = 0, sink = 0;
    for (int trial = 0; trial < 10; trial++) {
        double t0 = omp_get_wtime();
        int threads = 1;
#pragma omp parallel reduction(+ : sink)
        {
#pragma omp single
            threads = omp_get_num_threads();
            sink += wide ? run512() : run256();
        }
        double dt = omp_get_wtime() - t0;
        double gflops = 2.0 * lanes * CHAINS * (double) ITERS * threads / dt / 1e9;
        if (gflops > best) best = gflops;
    }
    printf("%.1f\n", best + 0 * sink);
    return 0;
}
