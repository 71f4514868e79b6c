#!/usr/bin/env bash
# SGEMM GFLOP/s of genlab (ND4J's OpenBLAS, both core types) and PyTorch at 1 and 2 threads, against the CPU's
# measured FP32 peak (bench/fma_peak.c: independent FMA chains on 512-bit and 256-bit registers), as a Markdown table.
# Usage: bench/gemm.sh [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-10}"
OUT="${GENLAB_BENCH_OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
SIZES="gemm-256,gemm-512,gemm-1024,gemm-2048"
gcc -O2 -mavx512f -mfma -fopenmp "$ROOT/bench/fma_peak.c" -o "$OUT/fma_peak"
TORCH_BLAS_DIR="${TORCH_BLAS_DIR:-$HOME/.cache/genlab/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread}"
PEER_ENV=(env)
if [[ "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)" != *openblas* && -f "$TORCH_BLAS_DIR/libblas.so.3" ]]; then
  PEER_ENV=(env "LD_LIBRARY_PATH=$TORCH_BLAS_DIR")
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for t in 1 2; do
  export OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t
  OMP_NUM_THREADS=$t "$OUT/fma_peak" avx512 > "$OUT/peak512-$t.txt"
  OMP_NUM_THREADS=$t "$OUT/fma_peak" avx2 > "$OUT/peak256-$t.txt"
  for core in SkylakeX Haswell; do
    # One GEMM is one native call: it is at speed after a couple of runs, so 2 s of warm-up suffice.
    OPENBLAS_CORETYPE=$core GENLAB_KEEP_CORETYPE=1 "$ROOT/genlab" bench --workload "$SIZES" --runs "$RUNS" --warmup-seconds 2 \
      --json "$OUT/genlab-$core-$t.json" >&2
  done
  "${PEER_ENV[@]}" /usr/bin/python3 "$ROOT/bench/torch_peer.py" --threads "$t" --runs "$RUNS" --warmup-seconds 2 --workload "$SIZES" \
    --json "$OUT/torch-$t.json" >&2
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
/usr/bin/python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
def g(f):
    return {r["name"]: r["extras"]["gflops"] for r in json.load(open(os.path.join(out, f)))["results"]}
print("| threads | size | ND4J SkylakeX | ND4J Haswell | PyTorch | AVX-512 FMA peak | AVX2 FMA peak | best / AVX-512 peak |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
for t in (1, 2):
    sk, hw, tv = g(f"genlab-SkylakeX-{t}.json"), g(f"genlab-Haswell-{t}.json"), g(f"torch-{t}.json")
    p512 = float(open(os.path.join(out, f"peak512-{t}.txt")).read())
    p256 = float(open(os.path.join(out, f"peak256-{t}.txt")).read())
    for n in sk:
        best = max(sk[n], hw[n], tv[n])
        print(f"| {t} | {n.split('-')[1]} | {sk[n]:.0f} | {hw[n]:.0f} | {tv[n]:.0f} | {p512:.0f} | {p256:.0f} | {best / p512:.0%} |")
print("\nGFLOP/s = 2n³ / median time (medians of the timed runs).")
PY
