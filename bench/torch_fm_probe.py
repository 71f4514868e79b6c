#!/usr/bin/env python3
"""Design probe in PyTorch (5x faster per step than genlab on this CPU): trains the genlab score U-Net on real
Fashion-MNIST with the score-sde image recipe and writes EMA sample grids, to see cheaply which U-Net depth draws
recognisable garments before spending CPU-hours on a genlab run. The network is torch_peer.UNet, which mirrors
genlab's layer by layer; the recipe is genlab's: VP SDE (beta 0.1..20), eps-prediction, sigma^2-weighted DSM with
t ~ U(1e-5, 1), data (k + u)/256 mapped to [-1, 1], Adam with linear warm-up over 500 steps, global-norm clip 1,
EMA 0.999 with score_sde's warm-up. Samples: reverse-SDE Euler-Maruyama, 500 steps (--sample-steps) from t = 1 to 1e-3, no noise on
the last step. Run with Debian's torch and an OpenBLAS libblas (see compare.sh), e.g.
    LD_LIBRARY_PATH=$TORCH_BLAS_DIR /usr/bin/python3 bench/torch_fm_probe.py --res 1 --attention --steps 1000 --out C
Measured (docs/results/diffusion/RESULTS.md): plain U-Net not recognisable after 4000 steps, with or without
attention; one residual block per level plus attention recognisable after 1000.
"""
import argparse
import gzip
import math
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_peer import UNet, vp_coeffs  # noqa: E402


def load_images(path):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)


@torch.no_grad()
def sample(net, n, steps, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 1, 28, 28, generator=g)
    ts = torch.linspace(1.0, 1e-3, steps + 1, dtype=torch.float64)
    for i in range(steps):
        t = torch.full((n,), float(ts[i]), dtype=torch.float64)
        dt = float(ts[i] - ts[i + 1])
        _, s, beta = vp_coeffs(t)
        b = float(beta[0])
        score = -net(x, net.features(t)) / s.float()[:, None, None, None]
        x = x + (0.5 * b * x + b * score) * dt  # reverse SDE drift (MATH.md §4.3), integrated backwards in time
        if i < steps - 1:
            x = x + math.sqrt(b * dt) * torch.randn(x.shape, generator=g)
    return x


def write_grid(x, path):
    x = ((x.clamp(-1, 1) + 1) * 127.5).round().byte().numpy()[:, 0]
    n = int(math.sqrt(len(x)))
    img = np.full((n * 30 + 2, n * 30 + 2), 128, np.uint8)
    for i in range(n * n):
        r, c = divmod(i, n)
        img[2 + r * 30: 30 + r * 30, 2 + c * 30: 30 + c * 30] = x[i]
    Image.fromarray(img).resize((img.shape[1] * 2, img.shape[0] * 2), Image.NEAREST).save(path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
    p.add_argument("--res", type=int, default=0, help="residual blocks per level")
    p.add_argument("--attention", action="store_true", help="self-attention at the 7x7 level")
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--sample-steps", type=int, default=500, help="Euler-Maruyama steps per grid")
    p.add_argument("--every", type=int, default=1000, help="write a sample grid every N steps")
    p.add_argument("--out", required=True, help="prefix of the grids: PREFIX-STEP.png")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    data = torch.from_numpy(load_images(a.data).copy())
    net = UNet(res=a.res, attention=a.attention)
    print("parameters", sum(q.numel() for q in net.parameters()), flush=True)
    opt = torch.optim.Adam(net.parameters(), a.lr)
    ema = [q.detach().clone() for q in net.parameters()]
    t0, avg = time.time(), 0.0
    for step in range(1, a.steps + 1):
        idx = torch.randint(0, data.shape[0], (a.batch,))
        x0 = ((data[idx].float() + torch.rand(a.batch, 1, 28, 28)) / 256.0) * 2 - 1
        t = torch.rand(a.batch, dtype=torch.float64) * (1 - 1e-5) + 1e-5
        m, s, _ = vp_coeffs(t)
        z = torch.randn_like(x0)
        xt = m.float()[:, None, None, None] * x0 + s.float()[:, None, None, None] * z
        loss = ((z - net(xt, net.features(t))) ** 2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        for group in opt.param_groups:
            group["lr"] = a.lr * min(1.0, step / 500)
        opt.step()
        d = min(0.999, (1 + step) / (10 + step))
        with torch.no_grad():
            for e, q in zip(ema, net.parameters()):
                e.mul_(d).add_(q, alpha=1 - d)
        avg = loss.item() if step == 1 else 0.99 * avg + 0.01 * loss.item()
        if step % 100 == 0:
            print(f"step {step} loss {avg:.4f} {time.time() - t0:.0f}s", flush=True)
        if step % a.every == 0 or step == a.steps:
            live = [q.detach().clone() for q in net.parameters()]
            with torch.no_grad():
                for q, e in zip(net.parameters(), ema):
                    q.copy_(e)
                write_grid(sample(net, 64, a.sample_steps, 1), f"{a.out}-{step}.png")
                for q, b in zip(net.parameters(), live):
                    q.copy_(b)


if __name__ == "__main__":
    main()
