#!/usr/bin/env python3
"""PyTorch CPU peer of `genlab bench`: the same workloads, same thread count, same timing protocol.

Every workload mirrors the genlab model it is named after layer by layer (see the docstrings; the Java side builds
the real models through their factories): same architecture, batch, float32, optimiser and per-step data work.
Run with Debian's interpreter (/usr/bin/python3 with python3-torch), e.g.
    /usr/bin/python3 bench/torch_peer.py --threads 1 --runs 30 --json torch.json
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def adam(params, lr, betas=(0.9, 0.999)):
    # foreach: PyTorch's default multi-tensor Adam on CPU in 1.13 is the single-tensor loop; say it explicitly
    return torch.optim.Adam(params, lr=lr, betas=betas, eps=1e-8)


def mlp_adam():
    """784-512-512-784 ReLU MLP, batch 128, MSE to its input, one Adam step."""
    torch.manual_seed(1)
    net = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 784))
    opt = adam(net.parameters(), 1e-3)
    x = torch.rand(128, 784)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = ((net(x) - x) ** 2).mean()
        loss.backward()
        opt.step()
    return step


def vae_step():
    """vae defaults: encoder 784-512-256 (ReLU after each), heads mu/logvar 256->32, decoder 32-256-512-784 (ReLU
    between), Bernoulli likelihood sum(softplus(l) - x*l), KL = 1/2 sum(mu^2 + e^logvar - logvar - 1), loss = batch
    mean of rec + KL; batch 64 drawn from 60k 28x28 byte images, dynamically binarised (x > u), eps ~ N(0, I); Adam 1e-3."""
    torch.manual_seed(1)
    enc = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU())
    mu_head, logvar_head = nn.Linear(256, 32), nn.Linear(256, 32)
    dec = nn.Sequential(nn.Linear(32, 256), nn.ReLU(), nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 784))
    params = [*enc.parameters(), *mu_head.parameters(), *logvar_head.parameters(), *dec.parameters()]
    opt = adam(params, 1e-3)
    data = torch.randint(0, 256, (60000, 784), dtype=torch.uint8)

    def step():
        idx = torch.randint(0, data.shape[0], (64,))
        x = data[idx].float().div_(255.0)
        x = (x > torch.rand_like(x)).float()
        eps = torch.randn(64, 32)
        opt.zero_grad(set_to_none=True)
        h = enc(x)
        mu, logvar = mu_head(h), logvar_head(h)
        z = mu + torch.exp(0.5 * logvar) * eps
        logits = dec(z)
        rec = (F.softplus(logits) - x * logits).sum(1)
        kl = 0.5 * (mu * mu + logvar.exp() - logvar - 1).sum(1)
        loss = (rec + kl).mean()
        loss.backward()
        opt.step()
    return step


class ResBlock(nn.Module):
    """common.nn.ResBlock: x + conv2(SiLU(GN(conv1(SiLU(GN(x))) + Linear(temb)))), 3x3 convs with bias, conv2 zero-initialised."""

    def __init__(self, c, emb, groups):
        super().__init__()
        self.n1, self.c1, self.t = nn.GroupNorm(groups, c), nn.Conv2d(c, c, 3, 1, 1), nn.Linear(emb, c)
        self.n2, self.c2 = nn.GroupNorm(groups, c), nn.Conv2d(c, c, 3, 1, 1)
        nn.init.zeros_(self.c2.weight)
        nn.init.zeros_(self.c2.bias)

    def forward(self, x, temb):
        h = self.c1(F.silu(self.n1(x))) + self.t(temb)[:, :, None, None]
        return x + self.c2(F.silu(self.n2(h)))


class Attention(nn.Module):
    """common.nn.SelfAttention2d: x + proj(V softmax(Q^T K / sqrt(c))^T), Q, K, V one 1x1 conv of GroupNorm(x)."""

    def __init__(self, c, groups):
        super().__init__()
        self.n, self.qkv, self.proj = nn.GroupNorm(groups, c), nn.Conv2d(c, 3 * c, 1), nn.Conv2d(c, c, 1)
        nn.init.zeros_(self.proj.weight)
        nn.init.zeros_(self.proj.bias)

    def forward(self, x):
        b, c, h, w = x.shape
        q, k, v = self.qkv(self.n(x)).reshape(b, 3, c, h * w).unbind(1)
        a = torch.softmax(torch.bmm(q.transpose(1, 2), k) / math.sqrt(c), -1)
        return x + self.proj(torch.bmm(v, a.transpose(1, 2)).reshape(b, c, h, w))


class UNet(nn.Module):
    """common.nn.UNet + score-sde's ScoreUNet: levels [32, 64, 128] (3x3 convs, stride 1 then 2, no bias; + Linear(temb);
    GroupNorm(8); SiLU), transposed 3x3 stride-2 convs up with skip concatenation, 3x3 output conv with bias; time
    embedding SiLU(Linear(sinusoidal features of 999 t)); learned input skip a(t) x with a = Linear(temb) per channel.
    res=K adds K ResBlocks after every encoder and decoder level, attention=True self-attention at the end of the
    deepest (7x7) level; genlab's default depth is res=1 with attention (net.res_blocks=1, net.attention=[-1])."""

    def __init__(self, ch=(32, 64, 128), emb=128, groups=8, res=0, attention=False):
        super().__init__()
        self.emb = emb
        self.time = nn.Linear(emb, emb)
        self.down, self.down_t, self.down_n = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        self.down_x, self.up_x = nn.ModuleList(), nn.ModuleList()
        prev = 1
        for i, c in enumerate(ch):
            self.down.append(nn.Conv2d(prev, c, 3, 1 if i == 0 else 2, 1, bias=False))
            self.down_t.append(nn.Linear(emb, c))
            self.down_n.append(nn.GroupNorm(groups, c))
            extra = [ResBlock(c, emb, groups) for _ in range(res)]
            if attention and i == len(ch) - 1:
                extra.append(Attention(c, groups))
            self.down_x.append(nn.ModuleList(extra))
            prev = c
        self.up, self.up_t, self.up_n = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        for lvl in range(len(ch) - 1, 0, -1):
            cin = ch[lvl] if lvl == len(ch) - 1 else 2 * ch[lvl]
            self.up.append(nn.ConvTranspose2d(cin, ch[lvl - 1], 3, 2, 1, output_padding=1, bias=False))
            self.up_t.append(nn.Linear(emb, ch[lvl - 1]))
            self.up_n.append(nn.GroupNorm(groups, ch[lvl - 1]))
            self.up_x.append(nn.ModuleList([ResBlock(ch[lvl - 1], emb, groups) for _ in range(res)]))
        self.out = nn.Conv2d(2 * ch[0], 1, 3, 1, 1)
        self.skip = nn.Linear(emb, 1)
        nn.init.zeros_(self.skip.weight)
        nn.init.zeros_(self.skip.bias)
        half = emb // 2
        self.register_buffer("freqs", torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float64) / half))

    def features(self, t):
        # computed outside the graph in double precision, as TimeConditioning does in Java
        a = (999.0 * t.double())[:, None] * self.freqs[None, :]
        return torch.cat([a.sin(), a.cos()], 1).float()

    @staticmethod
    def extra(blocks, h, temb):
        for b in blocks:
            h = b(h, temb) if isinstance(b, ResBlock) else b(h)
        return h

    def forward(self, x, feats):
        temb = F.silu(self.time(feats))
        h, skips = x, []
        for conv, lt, gn, xb in zip(self.down, self.down_t, self.down_n, self.down_x):
            h = self.extra(xb, F.silu(gn(conv(h) + lt(temb)[:, :, None, None])), temb)
            skips.append(h)
        for k, (conv, lt, gn, xb) in enumerate(zip(self.up, self.up_t, self.up_n, self.up_x)):
            lvl = len(self.down) - 1 - k
            inp = h if k == 0 else torch.cat([h, skips[lvl]], 1)
            h = self.extra(xb, F.silu(gn(conv(inp) + lt(temb)[:, :, None, None])), temb)
        out = self.out(torch.cat([h, skips[0]], 1))
        return out + self.skip(temb)[:, :, None, None] * x


def vp_coeffs(t, bmin=0.1, bmax=20.0):
    log_m = -0.25 * t * t * (bmax - bmin) - 0.5 * t * bmin
    return log_m.exp(), torch.sqrt(-torch.expm1(2 * log_m)), bmin + t * (bmax - bmin)


def unet_step(deep=False):
    """score-sde image defaults at batch 64: VP SDE, eps-network, DSM loss mean((z - eps_hat)^2) (sigma^2 weighting,
    mean reduction), t ~ U(1e-5, 1); data dequantised (255x + u)/256 and centred to [-1, 1]; Adam 2e-4, global-norm
    clipping at 1, EMA 0.999 (score_sde warm-up)."""
    torch.manual_seed(1)
    net = UNet(res=1, attention=True) if deep else UNet()
    opt = adam(net.parameters(), 2e-4)
    ema = [p.detach().clone() for p in net.parameters()]
    data = torch.randint(0, 256, (60000, 1, 28, 28), dtype=torch.uint8)
    n_upd = [0]

    def step():
        idx = torch.randint(0, data.shape[0], (64,))
        x0 = ((data[idx].float() + torch.rand(64, 1, 28, 28)) / 256.0) * 2 - 1
        t = torch.rand(64, dtype=torch.float64) * (1 - 1e-5) + 1e-5
        m, s, _ = vp_coeffs(t)
        z = torch.randn_like(x0)
        xt = m.float()[:, None, None, None] * x0 + s.float()[:, None, None, None] * z
        opt.zero_grad(set_to_none=True)
        out = net(xt, net.features(t))
        loss = ((z - out) ** 2).mean((1, 2, 3)).mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        n_upd[0] += 1
        d = min(0.999, (1 + n_upd[0]) / (10 + n_upd[0]))
        with torch.no_grad():
            for e, p in zip(ema, net.parameters()):
                e.mul_(d).add_(p, alpha=1 - d)
    return step


def wgan_gp_critic_step():
    """gan/ wgan-gp on 2-D toys: critic 2-512-512-512-1 ReLU (He-normal weights, zero biases, no output bias), batch 256,
    loss E D(fake) - E D(real) + 0.1 * mean((sqrt(|grad_x D(x_hat)|^2 + 1e-12) - 1)^2) at x_hat = fake + e(real - fake);
    Adam 1e-4, betas (0.5, 0.9). genlab writes grad_x D as an explicit forward graph (no double backprop in SameDiff);
    here autograd's create_graph=True double backprop computes the same quantity and its weight gradient."""
    torch.manual_seed(1)
    layers = []
    for i, (a, b) in enumerate([(2, 512), (512, 512), (512, 512)]):
        lin = nn.Linear(a, b)
        nn.init.normal_(lin.weight, 0, math.sqrt(2.0 / a))
        nn.init.zeros_(lin.bias)
        layers += [lin, nn.ReLU()]
    out = nn.Linear(512, 1, bias=False)
    nn.init.normal_(out.weight, 0, math.sqrt(2.0 / 512))
    critic = nn.Sequential(*layers, out)
    opt = adam(critic.parameters(), 1e-4, (0.5, 0.9))
    centres = torch.tensor([[math.cos(2 * math.pi * k / 8), math.sin(2 * math.pi * k / 8)] for k in range(8)]) * 2.0

    def step():
        real = centres[torch.randint(0, 8, (256,))] + 0.02 * torch.randn(256, 2)
        fake = torch.randn(256, 2)
        e = torch.rand(256, 1)
        opt.zero_grad(set_to_none=True)
        x_hat = (fake + e * (real - fake)).requires_grad_(True)
        d_hat = critic(x_hat)
        g, = torch.autograd.grad(d_hat.sum(), x_hat, create_graph=True)
        norm = torch.sqrt((g * g).sum(1) + 1e-12)
        penalty = 0.1 * ((norm - 1) ** 2).mean()
        loss = critic(fake).mean() - critic(real).mean() + penalty
        loss.backward()
        opt.step()
        norm.detach().mean().item()  # the Lipschitz diagnostic genlab reports
    return step


class ScoreMlp(nn.Module):
    """score-sde toy network: 3 x [SiLU(W h + U temb + b)] of width 128, linear output 2; temb = SiLU(Linear(sinusoidal
    features of 999 t, 128))."""

    def __init__(self, dim=2, hidden=(128, 128, 128), emb=128):
        super().__init__()
        self.time = nn.Linear(emb, emb)
        self.fc = nn.ModuleList()
        self.te = nn.ModuleList()
        prev = dim
        for h in hidden:
            self.fc.append(nn.Linear(prev, h))
            self.te.append(nn.Linear(emb, h, bias=False))
            prev = h
        self.out = nn.Linear(prev, dim)
        half = emb // 2
        self.freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float64) / half)

    def forward(self, x, t):
        a = (999.0 * t.double())[:, None] * self.freqs[None, :]
        temb = F.silu(self.time(torch.cat([a.sin(), a.cos()], 1).float()))
        h = x
        for fc, te in zip(self.fc, self.te):
            h = F.silu(fc(h) + te(temb))
        return self.out(h)


def rk45(f, y0, t0, t1, rtol, atol):
    """Dormand-Prince 5(4) with scipy's solve_ivp error control and initial step (as score_sde samples), float64 state;
    returns (y, nfe)."""
    c = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1]
    a = [[], [1 / 5], [3 / 40, 9 / 40], [44 / 45, -56 / 15, 32 / 9],
         [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
         [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
         [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84]]
    e = [-71 / 57600, 0, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40]
    nfe = [0]

    def fun(t, y):
        nfe[0] += 1
        return f(t, y)

    direction = 1.0 if t1 > t0 else -1.0
    interval = abs(t1 - t0)
    y, t = y0.clone(), t0
    f0 = fun(t, y)
    scale = atol + y.abs() * rtol
    rms = lambda v: math.sqrt(float(((v / scale) ** 2).mean()))
    d0, d1 = rms(y), rms(f0)
    h0 = 1e-6 if d0 < 1e-5 or d1 < 1e-5 else 0.01 * d0 / d1
    h0 = min(h0, interval)
    f1 = fun(t + direction * h0, y + direction * h0 * f0)
    d2 = rms(f1 - f0) / h0
    h1 = max(1e-6, h0 * 1e-3) if d1 <= 1e-15 and d2 <= 1e-15 else (0.01 / max(d1, d2)) ** 0.2
    h = min(100 * h0, h1, interval)
    fy = f0
    while direction * (t1 - t) > 0:
        h = min(h, abs(t1 - t))
        while True:
            k = [fy]
            for i in range(1, 7):
                yi = y + direction * h * sum(a[i][j] * k[j] for j in range(i) if a[i][j] != 0)
                k.append(fun(t + direction * c[i] * h, yi))
            y_new = y + direction * h * sum(a[6][j] * k[j] for j in range(6) if a[6][j] != 0)
            err_vec = direction * h * sum(e[j] * k[j] for j in range(7) if e[j] != 0)
            sc = atol + torch.maximum(y.abs(), y_new.abs()) * rtol
            err = math.sqrt(float(((err_vec / sc) ** 2).mean()))
            if err < 1:
                factor = 10.0 if err == 0 else min(10.0, 0.9 * err ** -0.2)
                t, y, fy = t + direction * h, y_new, k[6]
                h *= factor
                break
            h *= max(0.2, 0.9 * err ** -0.2)
    return y, nfe[0]


class PfOde:
    """PF-ODE of the VP SDE dx/dt = -1/2 beta(t) x - 1/2 beta(t) s(x, t), s = -net(x, t)/sigma_t, from T=1 to 1e-3
    (RK45, rtol = atol = 1e-5) for 1000 prior points; the float64 state is cast to float32 for the network. The time
    is shared by the batch, so the network gets it once and its time embedding broadcasts, as genlab's ScoreMlp does."""

    def __init__(self):
        torch.manual_seed(1)
        self.net = ScoreMlp()
        self.nfe = 0

    def field(self, t, y):
        x = y.view(1000, 2).float()
        tt = torch.full((1000,), t, dtype=torch.float64)
        _, s, beta = vp_coeffs(tt)
        with torch.no_grad():
            score = -self.net(x, tt[:1]).double() / s[:, None]
        return (-0.5 * beta[:, None] * (x.double() + score)).reshape(-1)

    def __call__(self):
        g = torch.Generator().manual_seed(3)
        z = torch.randn(2000, generator=g, dtype=torch.float32).double()
        _, self.nfe = rk45(self.field, z, 1.0, 1e-3, 1e-5, 1e-5)


def pf_ode_rk45():
    return PfOde()


def layer(make):
    """genlab's LayerWorkload: one layer at the U-Net's full-resolution shape [64, 32, 28, 28], loss sum(layer(x) * c)
    for a fixed random c, gradients with respect to x and the layer's parameters."""
    def build():
        torch.manual_seed(1)
        module = make()
        x = torch.randn(64, 32, 28, 28, requires_grad=True)
        c = torch.randn(64, 32, 28, 28)

        def step():
            x.grad = None
            module.zero_grad(set_to_none=True)
            (module(x) * c).sum().backward()
        return step
    return build


def gemm(n):
    def make():
        g = torch.Generator().manual_seed(n)
        a = torch.rand(n, n, generator=g) * 2 - 1
        b = torch.rand(n, n, generator=g) * 2 - 1
        c = torch.empty(n, n)
        return lambda: torch.mm(a, b, out=c)
    return make


WORKLOADS = {"mlp-adam": mlp_adam, "vae-step": vae_step, "unet-step": unet_step, "unet-deep-step": lambda: unet_step(deep=True),
             "wgan-gp-critic-step": wgan_gp_critic_step, "pf-ode-rk45": pf_ode_rk45,
             "gn-silu": layer(lambda: nn.Sequential(nn.GroupNorm(8, 32), nn.SiLU())),
             "conv3x3": layer(lambda: nn.Conv2d(32, 32, 3, padding=1, bias=False)),
             **{f"gemm-{n}": gemm(n) for n in (256, 512, 1024, 2048)}}


def extras(name, step, median):
    if name == "pf-ode-rk45":
        return {"nfe": float(step.nfe), "msPerNfe": median / step.nfe}
    if name.startswith("gemm-"):
        n = int(name.split("-")[1])
        return {"gflops": 2.0 * n ** 3 / (median * 1e6)}
    return {}


def rss_mb(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1]) >> 10
    except OSError:
        pass
    return -1


def measure(name, make, warmup, runs, warmup_seconds=0.0):
    step = make()
    t0, done = time.perf_counter(), 0
    while done < warmup or time.perf_counter() - t0 < warmup_seconds:  # same rule as genlab's Bench
        step()
        done += 1
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
    med = q(0.5)
    return {"runs": runs, "medianMs": med, "p10Ms": q(0.1), "p25Ms": q(0.25), "p75Ms": q(0.75), "p90Ms": q(0.9),
            "minMs": ms[0], "peakRssMb": rss_mb("VmHWM:"), "rssMb": rss_mb("VmRSS:"),
            "extras": extras(name, step, med)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--warmup-seconds", type=float, default=10.0)
    ap.add_argument("--flush-denormal", action="store_true",
                    help="torch.set_flush_denormal(True): like genlab's optimisers, which flush subnormal moments")
    ap.add_argument("--workload", default=",".join(WORKLOADS))
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--json")
    a = ap.parse_args()
    if a.list:
        print("\n".join(WORKLOADS))
        return
    torch.set_num_threads(a.threads)
    if a.flush_denormal:
        torch.set_flush_denormal(True)
    results = []
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, flush denormals {a.flush_denormal}")
    for name in a.workload.split(","):
        if name not in WORKLOADS:
            raise SystemExit(f"unknown workload {name!r}; available: {', '.join(WORKLOADS)}")
        r = dict(name=name, **measure(name, WORKLOADS[name], a.warmup, a.runs, a.warmup_seconds))
        results.append(r)
        print(f"{name:20s} median {r['medianMs']:9.2f} ms  p10 {r['p10Ms']:9.2f}  p90 {r['p90Ms']:9.2f}  "
              f"peak RSS {r['peakRssMb']} MiB  {r['extras'] or ''}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"threads": a.threads, "torch": torch.__version__, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
