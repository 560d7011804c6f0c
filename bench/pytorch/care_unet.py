#!/usr/bin/env python3
"""The CARE U-Net of CSBDeep written independently in PyTorch, for two jobs:

1. anchors: time the standard workloads (train step, restore) with PyTorch on the same card as jcare's
   bench harness, in fp32, tf32 and bf16 (autocast), and print JSON lines (`--anchors`).
2. fixtures: load a jcare model's weights.safetensors tensor by tensor into this network and write its output
   for a given input, so a Java test can check that jcare's weights mean the same thing in another framework
   (`--fixture`).

Layer names and weight layouts follow DESIGN.md decision 9: `<csbdeep layer>.weight|.bias`, convolution weights
[out, in, (d,) h, w] -- exactly PyTorch's Conv2d/Conv3d layout, so the state_dict keys are the tensor names.
"""
import argparse
import json
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class CareUNet(nn.Module):
    """CSBDeep custom_unet: 2 convs per level, ReLU, max-pool 2, nearest upsampling, concat [up, skip],
    ReLU on the last U-Net conv, 1x1 head, residual add, optional softplus+1e-3 scale head."""

    def __init__(self, n_dim, c_in, c_out, depth=2, kern=3, n_first=32, residual=True, prob=False):
        super().__init__()
        Conv = nn.Conv3d if n_dim == 3 else nn.Conv2d
        self.n_dim, self.depth, self.residual, self.prob = n_dim, depth, residual, prob
        pad = kern // 2

        def conv(name, cin, cout, k=kern, p=pad):
            setattr(self, name, Conv(cin, cout, k, padding=p))

        ch = c_in
        for n in range(depth):
            conv(f"down_level_{n}_no_0", ch, n_first * 2 ** n)
            conv(f"down_level_{n}_no_1", n_first * 2 ** n, n_first * 2 ** n)
            ch = n_first * 2 ** n
        conv("middle_0", ch, n_first * 2 ** depth)
        conv("middle_2", n_first * 2 ** depth, n_first * 2 ** max(0, depth - 1))
        ch = n_first * 2 ** max(0, depth - 1)
        for n in reversed(range(depth)):
            conv(f"up_level_{n}_no_0", ch + n_first * 2 ** n, n_first * 2 ** n)
            conv(f"up_level_{n}_no_2", n_first * 2 ** n, n_first * 2 ** max(0, n - 1))
            ch = n_first * 2 ** max(0, n - 1)
        conv("head", ch, c_out, 1, 0)
        if prob:
            conv("head_scale", ch, c_out, 1, 0)
        pool = F.max_pool3d if n_dim == 3 else F.max_pool2d
        self.pool = lambda x: pool(x, 2)

    def forward(self, x):
        skips, h = [], x
        for n in range(self.depth):
            h = F.relu(getattr(self, f"down_level_{n}_no_0")(h))
            h = F.relu(getattr(self, f"down_level_{n}_no_1")(h))
            skips.append(h)
            h = self.pool(h)
        h = F.relu(self.middle_0(h))
        h = F.relu(self.middle_2(h))
        for n in reversed(range(self.depth)):
            h = F.interpolate(h, scale_factor=2, mode="nearest")
            h = torch.cat([h, skips[n]], dim=1)
            h = F.relu(getattr(self, f"up_level_{n}_no_0")(h))
            h = F.relu(getattr(self, f"up_level_{n}_no_2")(h))
        mean = self.head(h)
        if self.residual:
            mean = mean + x
        if not self.prob:
            return mean
        scale = F.softplus(self.head_scale(h)) + 1e-3
        return torch.cat([mean, scale], dim=1)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", info
        b, e = info["data_offsets"]
        out[name] = np.frombuffer(data[b:e], dtype="<f4").reshape(info["shape"]).copy()
    return out


def fixture(args):
    weights = read_safetensors(args.weights)
    net = CareUNet(args.ndim, args.cin, args.cout, args.depth, args.kern, args.nfirst, args.residual, args.prob)
    state = net.state_dict()
    missing = set(state) - set(weights)
    extra = set(weights) - set(state)
    if missing or extra:
        sys.exit(f"name mismatch: missing {sorted(missing)}, unexpected {sorted(extra)}")
    for k in state:
        if tuple(state[k].shape) != weights[k].shape:
            sys.exit(f"shape mismatch for {k}: torch {tuple(state[k].shape)}, file {weights[k].shape}")
        state[k] = torch.from_numpy(weights[k])
    net.load_state_dict(state)
    x = np.fromfile(args.input, dtype="<f4").reshape(args.shape)
    with torch.no_grad():
        y = net(torch.from_numpy(x)).numpy().astype("<f4")
    y.tofile(args.output)
    print(f"wrote {args.output}: shape {y.shape}, mean {y.mean():.6f}")


def timed(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def anchors(args):
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    name = torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu"
    if dev.type != "cuda":
        torch.cuda.synchronize = lambda: None
        torch.set_num_threads(args.threads)
    rows = []
    # what a careful PyTorch user sets for fixed shapes: cuDNN picks its fastest algorithm per layer
    torch.backends.cudnn.benchmark = dev.type == "cuda"
    for precision in args.precisions.split(","):
        # bf16: automatic mixed precision (bf16 convolutions, fp32 weights and optimizer; no loss scaling for bf16),
        # what jcare's --precision bf16 is compared with; the ops autocast leaves in fp32 may use TF32 as in "tf32"
        amp = precision == "bf16"
        tf32 = precision in ("tf32", "bf16")
        torch.backends.cudnn.allow_tf32 = tf32
        torch.backends.cuda.matmul.allow_tf32 = tf32
        for wl in args.workloads.split(","):
            torch.manual_seed(0)
            if wl in ("train3d", "train2d", "cputrain3d", "cputrain2d"):
                nd = 3 if "3d" in wl else 2
                k = 3 if nd == 3 else 5
                shape = {"train3d": (16, 1, 16, 64, 64), "train2d": (16, 1, 128, 128),
                         "cputrain3d": (4, 1, 16, 32, 32), "cputrain2d": (4, 1, 64, 64)}[wl]
                net = CareUNet(nd, 1, 1, 2, k, 32).to(dev)
                opt = torch.optim.Adam(net.parameters(), lr=4e-4, eps=1e-7)
                x = torch.rand(shape, device=dev)
                y = torch.rand(shape, device=dev)

                def step():
                    opt.zero_grad(set_to_none=True)
                    with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=amp):
                        loss = (net(x) - y).abs().mean()
                    loss.backward()
                    opt.step()
                sec = timed(step, args.warmup, args.reps)
            else:
                nd = 3 if "3d" in wl else 2
                k = 3 if nd == 3 else 5
                shape = {"restore3d": (1, 1, 100, 1024, 1024), "restore2d": (1, 1, 4096, 4096),
                         "cpurestore3d": (1, 1, 32, 256, 256), "cpurestore2d": (1, 1, 1024, 1024)}[wl]
                net = CareUNet(nd, 1, 1, 2, k, 32).to(dev).eval()
                x = torch.rand(shape, device=dev)

                def run():
                    with torch.no_grad(), torch.autocast(dev.type, dtype=torch.bfloat16, enabled=amp):
                        net(x)
                sec = timed(run, 1, max(1, args.reps // 4))
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


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--anchors", action="store_true")
    p.add_argument("--workloads", default="train3d,train2d,restore3d,restore2d")
    p.add_argument("--precisions", default="fp32,tf32")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--json")
    p.add_argument("--threads", type=int, default=2, help="CPU threads when there is no GPU")
    p.add_argument("--fixture", action="store_true")
    p.add_argument("--weights")
    p.add_argument("--input")
    p.add_argument("--output")
    p.add_argument("--shape", type=lambda s: tuple(int(v) for v in s.split(",")))
    p.add_argument("--ndim", type=int, default=2)
    p.add_argument("--cin", type=int, default=1)
    p.add_argument("--cout", type=int, default=1)
    p.add_argument("--depth", type=int, default=2)
    p.add_argument("--kern", type=int, default=3)
    p.add_argument("--nfirst", type=int, default=32)
    p.add_argument("--residual", type=int, default=1)
    p.add_argument("--prob", type=int, default=0)
    args = p.parse_args()
    if args.fixture:
        fixture(args)
    elif args.anchors:
        anchors(args)
    else:
        p.print_help()


if __name__ == "__main__":
    main()
