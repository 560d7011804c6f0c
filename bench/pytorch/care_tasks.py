#!/usr/bin/env python3
"""PyTorch references for the workloads of the other CARE tasks (jcare issue 11), timed like care_unet.py's anchors:

  restoreiso / cpurestoreiso  CSBDeep's IsotropicCARE.predict with the default 2D network (k5, depth 2, 32 filters):
                              percentile normalization, Z upsampled by the factor with a linear interpolation whose
                              end points align (torch interpolate align_corners=True = scipy zoom order 1), the YZ
                              slices (Z reversed) and XZ slices restored in batches of 8 as CSBDeep does (whole
                              slices, no tiling), geometric mean. Sizes padded to multiples of 4 as CSBDeep's resizer.
  trainproj / cputrainproj    one Adam step of CSBDeep's default ProjectionCARE network (3D encoder-decoder depth 4,
                              8 filters, pool 1x2x2, softmax over Z, weighted sum, then the 2D U-Net k3), L1 loss.

Usage (prints and appends JSON lines with the same fields as care_unet.py --anchors):

    python3 bench/pytorch/care_tasks.py --workloads restoreiso,trainproj --precisions fp32,tf32 --json out.jsonl
    python3 bench/pytorch/care_tasks.py --workloads cpurestoreiso,cputrainproj --precisions fp32 --threads 2
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from care_unet import CareUNet, timed  # noqa: E402


class ProjectionNet(nn.Module):
    """CSBDeep ProjectionCARE._build: no skips, Z never pooled, softmax along Z, weighted sum, then the 2D U-Net."""

    def __init__(self, c_in=1, depth=4, filt=8, convs=1, unet_depth=2, unet_kern=3, unet_first=32):
        super().__init__()
        self.depth, self.convs = depth, convs
        layers = []
        ch = c_in
        for _ in range(depth * convs + convs + depth * convs):
            layers.append(nn.Conv3d(ch, filt, 3, padding=1))
            ch = filt
        self.convs3d = nn.ModuleList(layers)
        self.out = nn.Conv3d(filt, 1, 3, padding=1)
        self.unet = CareUNet(2, c_in, c_in, unet_depth, unet_kern, unet_first)

    def forward(self, x):
        h, i = x, 0
        for _ in range(self.depth):
            for _ in range(self.convs):
                h = F.relu(self.convs3d[i](h))
                i += 1
            h = F.max_pool3d(h, (1, 2, 2))
        for _ in range(self.convs):
            h = F.relu(self.convs3d[i](h))
            i += 1
        for _ in range(self.depth):
            h = F.interpolate(h, scale_factor=(1, 2, 2), mode="nearest")
            for _ in range(self.convs):
                h = F.relu(self.convs3d[i](h))
                i += 1
        w = torch.softmax(self.out(h), dim=2)
        return self.unet((x * w).sum(dim=2))


def isotropic_restore(net, stack, factor, batch=8):
    """stack: (Z, Y, X) float32 on the device; returns the restored (round(Z f), Y, X)."""
    lo, hi = torch.quantile(stack.flatten()[:: max(1, stack.numel() // 16_000_000)], torch.tensor(
        [0.02, 0.998], device=stack.device))
    x = (stack - lo) / (hi - lo + 1e-20)
    z = int(round(stack.shape[0] * factor))
    xs = F.interpolate(x[None, None], size=(z, x.shape[1], x.shape[2]), mode="trilinear", align_corners=True)[0, 0]
    xp = F.pad(xs[None, None], pad_sizes(xs.shape), mode="reflect")[0, 0]
    out = []
    with torch.no_grad():
        for rot in (1, 2):
            # rotation 1: slices over X, rows Y, columns reversed Z; rotation 2: slices over Y, rows X, columns Z
            v = xp.flip(0).permute(2, 1, 0) if rot == 1 else xp.permute(1, 2, 0)
            res = torch.empty_like(v)
            for b in range(0, v.shape[0], batch):
                res[b:b + batch] = net(v[b:b + batch, None])[:, 0]
            out.append(res.permute(2, 1, 0).flip(0) if rot == 1 else res.permute(2, 0, 1))
    mean = torch.sqrt(out[0].clamp(min=0) * out[1].clamp(min=0))
    return mean * (hi - lo) + lo


def pad_sizes(shape, div=4):
    pads = []
    for n in reversed(shape):
        p = (div - n % div) % div
        pads += [p // 2, p - p // 2]
    return pads


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workloads", default="restoreiso,trainproj")
    p.add_argument("--precisions", default="fp32,tf32")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--json")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    name = torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu"
    if dev.type != "cuda":
        torch.cuda.synchronize = lambda: None
        torch.set_num_threads(args.threads)
    torch.backends.cudnn.benchmark = dev.type == "cuda"
    rows = []
    for precision in args.precisions.split(","):
        tf32 = precision == "tf32"
        torch.backends.cudnn.allow_tf32 = tf32
        torch.backends.cuda.matmul.allow_tf32 = tf32
        for wl in args.workloads.split(","):
            torch.manual_seed(0)
            if wl in ("restoreiso", "cpurestoreiso", "smokerestoreiso"):
                shape, factor = {"restoreiso": ((100, 1024, 1024), 5), "cpurestoreiso": ((20, 128, 128), 5),
                                 "smokerestoreiso": ((4, 32, 32), 4)}[wl]
                net = CareUNet(2, 1, 1, 2, 5, 32).to(dev).eval()
                stack = torch.rand(shape, device=dev)
                sec = timed(lambda: isotropic_restore(net, stack, factor), 1, max(1, args.reps // 4))
            else:
                shape = {"trainproj": (8, 1, 32, 128, 128), "cputrainproj": (2, 1, 16, 64, 64),
                         "smoketrainproj": (1, 1, 4, 32, 32)}[wl]
                net = ProjectionNet().to(dev)
                opt = torch.optim.Adam(net.parameters(), lr=4e-4, eps=1e-7)
                x = torch.rand(shape, device=dev)
                y = torch.rand((shape[0], 1, shape[3], shape[4]), device=dev)

                def step():
                    opt.zero_grad(set_to_none=True)
                    loss = (net(x) - y).abs().mean()
                    loss.backward()
                    opt.step()
                sec = timed(step, args.warmup, args.reps)
            vox = float(np.prod(shape))
            rows.append({"system": f"pytorch {torch.__version__}", "device": name, "workload": wl,
                         "precision": precision, "median_ms": sec * 1e3, "mvoxel_per_s": vox / sec / 1e6})
            print(json.dumps(rows[-1]), flush=True)
            del net
            if dev.type == "cuda":
                torch.cuda.empty_cache()
    if args.json:
        with open(args.json, "a") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
