#!/usr/bin/env bash
# Times genlab and its PyTorch CPU peer on the same workloads, with the same thread count, in one invocation,
# and prints genlab/PyTorch per workload. Needs Debian's python3-torch (apt-get install python3-torch).
# Usage: bench/compare.sh [THREADS] [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
THREADS="${1:-1}"
RUNS="${2:-30}"
OUT="$(mktemp -d)"
# DATA.md: a fair peer avoids glibc page-fault churn on small steps; both sides get the same settings.
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=67108864
export OMP_NUM_THREADS="$THREADS"
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c "import torch" 2>/dev/null || {
  echo "compare.sh: the PyTorch peer needs Debian's python3-torch: apt-get install -y python3-torch" >&2; exit 2; }
WORKLOADS="$("$ROOT/genlab" bench --list | awk '{print $1}' | paste -sd, -)"
PEER_WORKLOADS="$(/usr/bin/python3 -c "import sys; sys.path.insert(0, '$ROOT/bench'); import torch_peer; print(','.join(torch_peer.WORKLOADS))")"
COMMON="$(comm -12 <(tr , '\n' <<<"$WORKLOADS" | sort) <(tr , '\n' <<<"$PEER_WORKLOADS" | sort) | paste -sd, -)"
"$ROOT/genlab" bench --workload "$COMMON" --runs "$RUNS" --json "$OUT/genlab.json"
/usr/bin/python3 "$ROOT/bench/torch_peer.py" --threads "$THREADS" --runs "$RUNS" --workload "$COMMON" --json "$OUT/torch.json"
/usr/bin/python3 - "$OUT/genlab.json" "$OUT/torch.json" <<'PY'
import json, sys
g = {r["name"]: r for r in json.load(open(sys.argv[1]))["results"]}
t = {r["name"]: r for r in json.load(open(sys.argv[2]))["results"]}
print(f"\n{'workload':14s} {'genlab ms':>10s} {'torch ms':>10s} {'ratio':>7s}")
for n in g:
    if n in t:
        print(f"{n:14s} {g[n]['medianMs']:10.2f} {t[n]['medianMs']:10.2f} {g[n]['medianMs'] / t[n]['medianMs']:7.2f}")
PY
