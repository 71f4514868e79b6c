#!/usr/bin/env bash
# Samples the resident set of a `genlab train` run every 10 s into a CSV (seconds,rss_mb): the memory-plateau check
# on the real CLI (docs/benchmarks.md). Usage: bench/train_rss.sh OUT.csv genlab-train-arguments...
# Example: OMP_NUM_THREADS=1 bench/train_rss.sh rss.csv --model vae --data mnist --steps 10000 --out /tmp/vae-rss
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CSV="$1"
shift
"$ROOT/genlab" train "$@" &
LAUNCH=$!
echo "seconds,rss_mb" > "$CSV"
t=0
while kill -0 "$LAUNCH" 2>/dev/null; do
  # the launcher execs java, so the launched process is the JVM
  r=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$LAUNCH/status" 2>/dev/null || true)
  [[ -n "$r" ]] && echo "$t,$r" >> "$CSV"
  sleep 10
  t=$((t + 10))
done
wait "$LAUNCH"
