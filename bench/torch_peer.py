#!/usr/bin/env python3
"""PyTorch CPU peer of `genlab bench`: the same workloads, same thread count, same timing protocol.

Run with Debian's interpreter (/usr/bin/python3 with python3-torch), e.g.
    /usr/bin/python3 bench/torch_peer.py --threads 1 --runs 30 --json torch.json
"""
import argparse
import json
import resource
import time

import torch


def mlp_adam():
    """784-512-512-784 ReLU MLP, batch 128, MSE to its input, one Adam step."""
    torch.manual_seed(1)
    net = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512),
                              torch.nn.ReLU(), torch.nn.Linear(512, 784))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(128, 784)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = ((net(x) - x) ** 2).mean()
        loss.backward()
        opt.step()
    return step


WORKLOADS = {"mlp-adam": mlp_adam}


def measure(make, warmup, runs):
    step = make()
    for _ in range(warmup):
        step()
    ms = []
    for _ in range(runs):
        t0 = time.perf_counter()
        step()
        ms.append((time.perf_counter() - t0) * 1e3)
    ms.sort()

    def q(p):
        pos = p * (len(ms) - 1)
        lo, hi = int(pos), min(int(pos) + 1, len(ms) - 1)
        return ms[lo] + (pos - lo) * (ms[hi] - ms[lo])
    return {"medianMs": q(0.5), "p10Ms": q(0.1), "p90Ms": q(0.9), "minMs": ms[0],
            "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--workload", default=",".join(WORKLOADS))
    ap.add_argument("--json")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    results = []
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    for name in a.workload.split(","):
        if name not in WORKLOADS:
            raise SystemExit(f"unknown workload {name!r}; available: {', '.join(WORKLOADS)}")
        r = dict(name=name, **measure(WORKLOADS[name], a.warmup, a.runs))
        results.append(r)
        print(f"{name:14s} median {r['medianMs']:8.2f} ms  p10 {r['p10Ms']:8.2f}  p90 {r['p90Ms']:8.2f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"threads": a.threads, "torch": torch.__version__, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
