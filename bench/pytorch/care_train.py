#!/usr/bin/env python3
"""A PyTorch CARE trained the way PyTorch users usually write it, for issue 10's recipe comparison.

Same network as jcare (care_unet.CareUNet: CSBDeep's U-Net), same data split, same budget and the same validation
set (written by `org.jcare.bench.recipe.RecipeExperiment --write-validation`), but PyTorch's recipe: a fresh random
64x64 patch for every sample of every step (no background filter), PyTorch's default initializer, Adam with
PyTorch's epsilon 1e-8. Per-patch normalization as CSBDeep (pmin ~ U(1, 3), pmax ~ U(99.5, 99.9) percentiles of the
whole source and target image), L1 loss, learning rate 4e-4, the weights of the best validation loss at the end.
Restores the held-out parts with CSBDeep's prediction normalization (percentiles 2 / 99.8, undone on the output) and
writes OUT/<field>.tif; `RecipeExperiment --evaluate OUT` scores them with jcare's metrics.

    /usr/bin/python3 bench/pytorch/care_train.py --data data/fmd --holdout rows --seed 1 \
        --validation val.npz --out restored/

Debian's python3-torch (1.13) and python3-tifffile are enough; runs on 2 CPU threads.
"""
import argparse
import copy
import os
import sys

import numpy as np
import tifffile
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from care_unet import CareUNet  # noqa: E402

FIELDS = ["bpae_b", "bpae_g", "mice"]
TRAIN_ROWS = 320


def split(data, holdout):
    train, held = [], []
    for f in FIELDS:
        noisy = tifffile.imread(os.path.join(data, f + "_noisy.tif")).astype(np.float32)
        clean = tifffile.imread(os.path.join(data, f + "_gt.tif")).astype(np.float32)
        if holdout == "rows":
            train.append((noisy[:TRAIN_ROWS], clean[:TRAIN_ROWS]))
            held.append((f, noisy[TRAIN_ROWS:]))
        elif f == holdout:
            held.append((f, noisy))
        else:
            train.append((noisy, clean))
    return train, held


def percentile_sorted(sorted_values, q):
    # numpy's linear interpolation on a sorted array
    return np.percentile(sorted_values, q)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="data/fmd")
    p.add_argument("--holdout", default="rows")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--n-first", type=int, default=16)
    p.add_argument("--kern", type=int, default=3)
    p.add_argument("--patch", type=int, default=64)
    p.add_argument("--validation", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)

    train, held = split(a.data, a.holdout)
    sorted_pairs = [(np.sort(x, axis=None), np.sort(y, axis=None)) for x, y in train]
    val = np.load(a.validation)
    vx = torch.from_numpy(val["X"].astype(np.float32))
    vy = torch.from_numpy(val["Y"].astype(np.float32))

    net = CareUNet(2, 1, 1, depth=2, kern=a.kern, n_first=a.n_first, residual=True)
    opt = torch.optim.Adam(net.parameters(), lr=4e-4)
    best, best_state = float("inf"), None
    ps = a.patch
    sample = 0
    for epoch in range(a.epochs):
        net.train()
        for step in range(a.steps):
            xb = np.empty((a.batch, 1, ps, ps), np.float32)
            yb = np.empty((a.batch, 1, ps, ps), np.float32)
            for k in range(a.batch):
                i = sample % len(train)
                sample += 1
                x, y = train[i]
                sx, sy = sorted_pairs[i]
                r0 = rng.integers(0, x.shape[0] - ps + 1)
                c0 = rng.integers(0, x.shape[1] - ps + 1)
                pmin, pmax = rng.uniform(1, 3), rng.uniform(99.5, 99.9)
                lo_x, hi_x = percentile_sorted(sx, pmin), percentile_sorted(sx, pmax)
                lo_y, hi_y = percentile_sorted(sy, pmin), percentile_sorted(sy, pmax)
                xb[k, 0] = (x[r0:r0 + ps, c0:c0 + ps] - lo_x) / (hi_x - lo_x + 1e-20)
                yb[k, 0] = (y[r0:r0 + ps, c0:c0 + ps] - lo_y) / (hi_y - lo_y + 1e-20)
            opt.zero_grad()
            loss = F.l1_loss(net(torch.from_numpy(xb)), torch.from_numpy(yb))
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            v = sum(F.l1_loss(net(vx[j:j + 16]), vy[j:j + 16]).item() * len(vx[j:j + 16])
                    for j in range(0, len(vx), 16)) / len(vx)
        print(f"epoch {epoch + 1}: loss {loss.item():.5f} val_loss {v:.5f}", flush=True)
        if v < best:
            best, best_state = v, copy.deepcopy(net.state_dict())
    net.load_state_dict(best_state)
    net.eval()
    os.makedirs(a.out, exist_ok=True)
    for name, noisy in held:
        lo, hi = np.percentile(noisy, [2, 99.8]).astype(np.float32)
        xin = torch.from_numpy(((noisy - lo) / (hi - lo + 1e-20)).astype(np.float32)[None, None])
        with torch.no_grad():
            y = net(xin).numpy()[0, 0]
        tifffile.imwrite(os.path.join(a.out, name + ".tif"), (y * (hi - lo) + lo).astype(np.float32))
    print(f"best val_loss {best:.6f}; wrote {len(held)} restorations to {a.out}")


if __name__ == "__main__":
    main()
