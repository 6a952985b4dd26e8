#!/usr/bin/python3
"""PyTorch peer of ocr-gan's training and scoring throughput (bench/train.ts calls it).

A small re-creation of the same networks from the architecture description in
fixtures/README.md §3-§4 (NCHW): a two-branch skip U-Net generator with learned channel
selection (CS) on every encoder level, and the DCGAN-style discriminator. It times

  * score:    G + D(x) + D(x_hat), eval mode, no grad, score = 0.9 mse + 0.1 latent
  * ours:     the step ocr-gan's trainStep does: one forward of G and of D on real,
              x_hat (D frozen, for G's loss), x_hat detached and forged, then one backward
              (3 G + 11 D forward-equivalents)
  * official: the official code's schedule (forward G, D(real), D(fake), D(forged) whose
              output is unused; G's backward through D and G; D's loss re-using D(real) and
              G's latent term, so its backward re-enters G; two more D forwards):
              5 G + 17 D forward-equivalents. G's gradients of the D step are discarded, as
              there (this makes it runnable on current PyTorch without changing its cost).

Prints one JSON line. Usage:
  /usr/bin/python3 bench/pytorch/peer.py --isize 64 --ngf 64 --ndf 64 --batch 32 --threads 1 --iters 3
"""
import argparse
import json
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def level_channels(ngf, level):
    return ngf * min(2 ** (level - 1), 8)


class ChannelSelect(nn.Module):
    def __init__(self, c, branches):
        super().__init__()
        d = max(c // 2, 32)
        self.fc_z = nn.Linear(c, d)
        self.heads = nn.ModuleList([nn.Linear(d, c) for _ in range(branches)])

    def forward(self, xs):
        s = torch.stack(xs, 0).sum(0).mean((2, 3))
        z = self.fc_z(s)
        a = torch.softmax(torch.stack([h(z) for h in self.heads], 0), 0)
        return [x * a[k][:, :, None, None] for k, x in enumerate(xs)]


class Generator(nn.Module):
    def __init__(self, isize, ngf, nc=3, branches=2):
        super().__init__()
        n = isize.bit_length() - 1
        self.n, self.branches = n, branches
        ch = lambda l: level_channels(ngf, l)
        self.down = nn.ModuleList()
        self.up = nn.ModuleList()
        self.down_bn = nn.ModuleList()
        self.up_bn = nn.ModuleList()
        for k in range(branches):
            down, up, dbn, ubn = nn.ModuleList(), nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
            for l in range(1, n + 1):
                cin = nc if l == 1 else ch(l - 1)
                down.append(nn.Conv2d(cin, ch(l), 4, 2, 1, bias=False))
                dbn.append(nn.BatchNorm2d(ch(l)) if 1 < l < n else nn.Identity())
                uin = ch(l) if l == n else 2 * ch(l)
                uout = nc if l == 1 else ch(l - 1)
                up.append(nn.ConvTranspose2d(uin, uout, 4, 2, 1, bias=(l == 1)))
                ubn.append(nn.Identity() if l == 1 else nn.BatchNorm2d(uout))
            self.down.append(down)
            self.up.append(up)
            self.down_bn.append(dbn)
            self.up_bn.append(ubn)
        self.cs = nn.ModuleList([ChannelSelect(ch(l), branches) for l in range(1, n + 1)])

    def level(self, l, xs):
        i = l - 1
        pre = xs if l == 1 else [F.leaky_relu(x, 0.2) for x in xs]
        d = [self.down_bn[k][i](self.down[k][i](pre[k])) for k in range(self.branches)]
        d = self.cs[i](d)
        u = self.level(l + 1, d) if l < self.n else d
        out = [self.up_bn[k][i](self.up[k][i](F.relu(u[k]))) for k in range(self.branches)]
        if l == 1:
            return [torch.tanh(o) for o in out]
        return [torch.cat([pre[k], out[k]], 1) for k in range(self.branches)]

    def forward(self, bands):
        return sum(self.level(1, bands))


class Discriminator(nn.Module):
    def __init__(self, isize, ndf, nz=100, nc=3):
        super().__init__()
        layers = [nn.Conv2d(nc, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2)]
        size, c = isize // 2, ndf
        while size > 4:
            layers += [nn.Conv2d(c, 2 * c, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * c), nn.LeakyReLU(0.2)]
            size, c = size // 2, 2 * c
        layers.append(nn.Conv2d(c, nz, 4, 1, 0, bias=False))
        self.feat = nn.Sequential(*layers)
        self.clas = nn.Conv2d(nz, 1, 3, 1, 1, bias=False)

    def forward(self, x):
        f = self.feat(x)
        return torch.sigmoid(self.clas(f)).view(-1), f


_GAU = torch.tensor([1.0, 4.0, 6.0, 4.0, 1.0])
_GAU = torch.outer(_GAU, _GAU) / 256


def blur(x, gain=1.0):
    c = x.shape[1]
    w = (_GAU * gain).to(x.dtype)[None, None].repeat(c, 1, 1, 1)
    return F.conv2d(F.pad(x, (2, 2, 2, 2), mode="reflect"), w, groups=c)


def bands(x):
    """Two bands, the paper's N = 2 variant: low = Up(Down(x)), high = x - low."""
    down = blur(x)[:, :, ::2, ::2]
    up = torch.zeros_like(x)
    up[:, :, ::2, ::2] = down
    low = blur(up, 4.0)
    return [low, x - low]


def bce(p, target):
    return F.binary_cross_entropy(p, torch.full_like(p, target))


def step_ours(G, D, optG, optD, x, forged):
    optG.zero_grad(set_to_none=True)
    optD.zero_grad(set_to_none=True)
    fake = G(bands(x))
    p_real, f_real = D(x)
    for p in D.parameters():
        p.requires_grad_(False)
    p_fake_g, f_fake_g = D(fake)
    for p in D.parameters():
        p.requires_grad_(True)
    p_fake, _ = D(fake.detach())
    p_forged, _ = D(forged)
    err_g = 50 * (x - fake).abs().mean() + bce(p_fake_g, 1.0) + ((f_real.detach() - f_fake_g) ** 2).mean()
    err_d = bce(p_real, 1.0) + bce(p_fake, 0.0) + bce(p_forged, 0.0)
    (err_g + err_d).backward()
    optG.step()
    optD.step()
    return float(err_g), float(err_d)


def step_official(G, D, optG, optD, x, forged):
    # forward
    fake = G(bands(x))
    p_real, f_real = D(x)
    p_fake, f_fake = D(fake)
    D(forged)  # output unused (batch-norm side effects only)
    # G update
    optG.zero_grad(set_to_none=True)
    err_lat = ((f_fake - f_real) ** 2).mean()
    err_g = bce(p_fake, 1.0) + 50 * (fake - x).abs().mean() + err_lat
    err_g.backward(retain_graph=True)
    g_grads = [p.grad for p in G.parameters()]
    for p in G.parameters():
        p.grad = None
    # D update: re-uses D(real) and the latent term, whose backward re-enters G
    optD.zero_grad(set_to_none=True)
    p_fake_d, _ = D(fake.detach())
    p_forged, _ = D(forged.detach())
    err_d = bce(p_real, 1.0) + bce(p_fake_d, 0.0) + err_lat + bce(p_forged, 0.0)
    err_d.backward(retain_graph=True)
    for p, g in zip(G.parameters(), g_grads):
        p.grad = g
    optG.step()
    optD.step()
    return float(err_g), float(err_d)


@torch.no_grad()
def score(G, D, x):
    fake = G(bands(x))
    _, f_real = D(x)
    _, f_fake = D(fake)
    rec = ((x - fake) ** 2).mean((1, 2, 3))
    lat = ((f_real - f_fake) ** 2).flatten(1).mean(1)
    s = 0.9 * rec + 0.1 * lat
    return s.sum().item()


def timed(f, warmup, iters):
    times = []
    for i in range(warmup + iters):
        t0 = time.perf_counter()
        f()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1000)
    return times


def loaded_blas():
    torch.ones(8, 8) @ torch.ones(8, 8)
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line}
    return ", ".join(sorted(l.rsplit("/", 2)[-2] + "/" + l.rsplit("/", 1)[-1] for l in libs)) or "unknown"


def rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--isize", type=int, default=32)
    ap.add_argument("--ngf", type=int, default=64)
    ap.add_argument("--ndf", type=int, default=64)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--iters", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--skip-official", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    G = Generator(a.isize, a.ngf)
    D = Discriminator(a.isize, a.ndf)
    for m in list(G.modules()) + list(D.modules()):
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.normal_(m.weight, 0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1, 0.02)
            nn.init.zeros_(m.bias)
    optG = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    optD = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    x = (torch.randn(a.batch, 3, a.isize, a.isize) * 0.5).clamp(-1, 1)
    forged = x.clone()
    forged[:, :, : a.isize // 4, : a.isize // 4] = -1
    out = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": loaded_blas(),
        "config": {"isize": a.isize, "ngf": a.ngf, "ndf": a.ndf, "batch": a.batch},
    }
    G.eval()
    D.eval()
    out["score"] = {"msAll": timed(lambda: score(G, D, x), a.warmup, a.iters), "peakRssBytes": rss_bytes()}
    G.train()
    D.train()
    out["ours"] = {"msAll": timed(lambda: step_ours(G, D, optG, optD, x, forged), a.warmup, a.iters), "peakRssBytes": rss_bytes()}
    if not a.skip_official:
        out["official"] = {
            "msAll": timed(lambda: step_official(G, D, optG, optD, x, forged), a.warmup, a.iters),
            "peakRssBytes": rss_bytes(),
        }
    for k in ("score", "ours", "official"):
        if k in out:
            out[k]["msMedian"] = statistics.median(out[k]["msAll"])
            out[k]["imagesPerSec"] = a.batch * 1000 / out[k]["msMedian"]
    print("PEER " + json.dumps(out))


if __name__ == "__main__":
    main()
