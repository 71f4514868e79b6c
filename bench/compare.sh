#!/usr/bin/env bash
# Times genlab and its PyTorch CPU peer (bench/torch_peer.py) on the same workloads with the same thread count in one
# invocation, workload by workload (genlab, then torch, each in a fresh process so peak RSS is per workload and both
# sides run in the same time window), and prints a Markdown table of genlab/PyTorch ratios to paste into
# docs/benchmarks.md. Needs Debian's python3-torch (apt-get install python3-torch).
# Usage: bench/compare.sh [THREADS] [RUNS] [WORKLOAD,...]      (default: 1 thread, 30 runs, all common workloads)
# Env: WARMUP=N untimed runs per workload (default 5) and WARMUP_SECONDS=S at least (default 10, both sides); GENLAB_BENCH_OUT=DIR keeps the JSON files there; TORCH_BLAS_DIR=DIR with an OpenBLAS libblas.so.3 for torch.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
THREADS="${1:-1}"
RUNS="${2:-30}"
ONLY="${3:-}"
WARMUP="${WARMUP:-5}"
WARMUP_SECONDS="${WARMUP_SECONDS:-10}"
# PEER_FLUSH_DENORMAL=1: the peer runs with torch.set_flush_denormal(True) (genlab's optimisers flush subnormal moments).
PEER_FLAGS=()
[[ "${PEER_FLUSH_DENORMAL:-0}" == 1 ]] && PEER_FLAGS=(--flush-denormal)
OUT="${GENLAB_BENCH_OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
# DATA.md: a fair peer avoids glibc page-fault churn on small steps; both sides get the same settings.
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=67108864
export OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS"
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c "import torch" 2>/dev/null || {
  echo "compare.sh: the PyTorch peer needs Debian's python3-torch: apt-get install -y python3-torch" >&2; exit 2; }

# Debian's torch calls whatever libblas.so.3 the alternatives system selects; the reference (netlib) BLAS makes its
# matrix products ~30x slower (1.4 GFLOP/s), which would flatter genlab. Use OpenBLAS: installed system-wide
# (apt-get install libopenblas0-pthread) or unpacked from its .deb into TORCH_BLAS_DIR (default below).
TORCH_BLAS_DIR="${TORCH_BLAS_DIR:-$HOME/.cache/genlab/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread}"
if [[ "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)" != *openblas* ]]; then
  if [[ -f "$TORCH_BLAS_DIR/libblas.so.3" ]]; then
    PEER_ENV=(env "LD_LIBRARY_PATH=$TORCH_BLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
  else
    echo "compare.sh: torch would use the reference BLAS (slow); apt-get install libopenblas0-pthread, or" >&2
    echo "  apt-get download libopenblas0-pthread && dpkg-deb -x libopenblas0-pthread_*.deb DIR and set TORCH_BLAS_DIR" >&2
    exit 2
  fi
else
  PEER_ENV=(env)
fi
PEER=("${PEER_ENV[@]}" /usr/bin/python3 "$ROOT/bench/torch_peer.py" --threads "$THREADS" --runs "$RUNS" --warmup "$WARMUP" --warmup-seconds "$WARMUP_SECONDS" "${PEER_FLAGS[@]}")

GENLAB_WORKLOADS="$("$ROOT/genlab" bench --list | awk '{print $1}')"
PEER_WORKLOADS="$(/usr/bin/python3 "$ROOT/bench/torch_peer.py" --list)"
COMMON="$(grep -Fxf <(echo "$PEER_WORKLOADS") <<<"$GENLAB_WORKLOADS" || true)"
if [[ -n "$ONLY" ]]; then COMMON="$(tr , '\n' <<<"$ONLY")"; fi

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
START="$(date -u +%FT%TZ)"
for w in $COMMON; do
  echo "== $w" >&2
  # a workload that fails (e.g. killed for memory on a crowded host) is reported as missing, not fatal
  "$ROOT/genlab" bench --workload "$w" --runs "$RUNS" --warmup "$WARMUP" --warmup-seconds "$WARMUP_SECONDS" --json "$OUT/genlab-$w.json" >&2 \
    || echo "compare.sh: genlab $w failed (exit $?)" >&2
  "${PEER[@]}" --workload "$w" --json "$OUT/torch-$w.json" >&2 || echo "compare.sh: torch $w failed (exit $?)" >&2
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$OUT" "$THREADS" "$RUNS" "$START" "$LOAD_BEFORE" "$LOAD_AFTER" $COMMON <<'PY'
import json, os, platform, sys
out, threads, runs, start, load0, load1, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7:]
def load(side, n):
    with open(os.path.join(out, f"{side}-{n}.json")) as f:
        d = json.load(f)
    return d, d["results"][0]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
tv = None
print(f"\n{cpu}, {os.cpu_count()} CPUs; {threads} thread(s) per side, {runs} timed runs after warm-up; started {start}; "
      f"load average before {load0}, after {load1}\n")
print("| workload | genlab ms, median (p10–p90) | PyTorch ms, median (p10–p90) | genlab / PyTorch, medians (mins) | "
      "genlab peak RSS (Java heap) | PyTorch peak RSS | notes |")
print("|---|---:|---:|---:|---:|---:|---|")
for n in names:
    if not all(os.path.exists(os.path.join(out, f"{side}-{n}.json")) for side in ("genlab", "torch")):
        print(f"| {n} | failed | | | | | see the log |")
        continue
    gd, g = load("genlab", n)
    td, t = load("torch", n)
    tv = td.get("torch", tv)
    ratio = g["medianMs"] / t["medianMs"]
    ge, te = g.get("extras") or {}, t.get("extras") or {}
    notes = ""
    if "gflops" in ge:
        notes = f"{ge['gflops']:.0f} vs {te.get('gflops', float('nan')):.0f} GFLOP/s"
    if "nfe" in ge:
        per = ge["msPerNfe"] / te["msPerNfe"]
        notes = (f"NFE {ge['nfe']:.0f} vs {te['nfe']:.0f}; {ge['msPerNfe']:.2f} vs {te['msPerNfe']:.2f} ms/NFE "
                 f"(ratio {per:.2f})")
    if "heapKbPerRun" in ge:   # a Java kernel that boxes its vectors shows up here first
        notes = (notes + "; " if notes else "") + f"genlab heap {ge['heapKbPerRun']:.0f} KB/run"
    print(f"| {n} | {g['medianMs']:.2f} ({g['p10Ms']:.2f}–{g['p90Ms']:.2f}) | {t['medianMs']:.2f} "
          f"({t['p10Ms']:.2f}–{t['p90Ms']:.2f}) | **{ratio:.2f}** ({g['minMs'] / t['minMs']:.2f}) | {g['peakRssMb']} MiB ({g['heapMb']} MiB) | "
          f"{t['peakRssMb']} MiB | {notes} |")
print(f"\nPyTorch {tv}; JSON files in {out}")
PY
