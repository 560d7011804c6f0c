#!/usr/bin/env python3
"""PyTorch CPU timings of the convolution shapes that ConvBenchmark measures, for side-by-side reports.

Usage: /usr/bin/python3 torch_conv_bench.py [threads] [runs]   (Debian python3-torch; default 2 threads, 5 runs)
Prints one line per shape and pass: median and fastest milliseconds and GFLOP/s (FLOPs = 2 * N*Cout*D*H*W * Cin*kd*kh*kw).
Backward passes are timed through aten.convolution_backward with one output mask each (data, weights+bias).
"""
import collections
import statistics
import sys
import time

import torch

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
torch.set_num_threads(THREADS)

# (name, batch, cin, cout, spatial, kernel, count in the CARE net); keep in sync with ConvBenchmark.SHAPES
K3, K5 = (3, 3, 3), (5, 5)
L0_3D, L1_3D, L2_3D = (16, 32, 32), (8, 16, 16), (4, 8, 8)
L0_2D, L1_2D, L2_2D = (64, 64), (32, 32), (16, 16)
SHAPES = [
    ("a-3d-32-32-k3-b16-16x64x64", 16, 32, 32, (16, 64, 64), K3, 0),
    ("b-2d-32-32-k5-b16-128x128", 16, 32, 32, (128, 128), K5, 0),
    ("care3d-1-32-b4-16x32x32", 4, 1, 32, L0_3D, K3, 1),
    ("care3d-32-32-b4-16x32x32", 4, 32, 32, L0_3D, K3, 2),
    ("care3d-64-32-b4-16x32x32", 4, 64, 32, L0_3D, K3, 1),
    ("care3d-32-64-b4-8x16x16", 4, 32, 64, L1_3D, K3, 1),
    ("care3d-64-64-b4-8x16x16", 4, 64, 64, L1_3D, K3, 1),
    ("care3d-128-64-b4-8x16x16", 4, 128, 64, L1_3D, K3, 1),
    ("care3d-64-32-b4-8x16x16", 4, 64, 32, L1_3D, K3, 1),
    ("care3d-64-128-b4-4x8x8", 4, 64, 128, L2_3D, K3, 1),
    ("care3d-128-64-b4-4x8x8", 4, 128, 64, L2_3D, K3, 1),
    ("care3d-32-1-k1-b4-16x32x32", 4, 32, 1, L0_3D, (1, 1, 1), 1),
    ("care2d-1-32-b4-64x64", 4, 1, 32, L0_2D, K5, 1),
    ("care2d-32-32-b4-64x64", 4, 32, 32, L0_2D, K5, 2),
    ("care2d-64-32-b4-64x64", 4, 64, 32, L0_2D, K5, 1),
    ("care2d-32-64-b4-32x32", 4, 32, 64, L1_2D, K5, 1),
    ("care2d-64-64-b4-32x32", 4, 64, 64, L1_2D, K5, 1),
    ("care2d-128-64-b4-32x32", 4, 128, 64, L1_2D, K5, 1),
    ("care2d-64-32-b4-32x32", 4, 64, 32, L1_2D, K5, 1),
    ("care2d-64-128-b4-16x16", 4, 64, 128, L2_2D, K5, 1),
    ("care2d-128-64-b4-16x16", 4, 128, 64, L2_2D, K5, 1),
    ("care2d-32-1-k1-b4-64x64", 4, 32, 1, L0_2D, (1, 1), 1),
]



def timed_ms(fn):
    """(median, fastest) milliseconds of RUNS calls after one warm-up."""
    fn()
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), min(times)


def main():
    only = set(sys.argv[3].split(",")) if len(sys.argv) > 3 else None
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads, median of {RUNS}")
    totals = collections.defaultdict(float)
    for name, n, cin, cout, sp, k, count in SHAPES:
        if only and name not in only:
            continue
        x = torch.randn(n, cin, *sp)
        w = torch.randn(cout, cin, *k) * 0.1
        b = torch.randn(cout)
        pad = [kk // 2 for kk in k]
        conv = torch.nn.functional.conv3d if len(sp) == 3 else torch.nn.functional.conv2d
        vox = n
        for s in sp:
            vox *= s
        taps = 1
        for kk in k:
            taps *= kk
        flops = 2.0 * vox * cout * cin * taps
        with torch.no_grad():
            y = conv(x, w, b, padding=pad)
            dy = torch.randn_like(y)
            fwd = timed_ms(lambda: conv(x, w, b, padding=pad))
            args = (dy, x, w, [cout], [1] * len(sp), pad, [1] * len(sp), False, [0] * len(sp), 1)
            bd = timed_ms(lambda: torch.ops.aten.convolution_backward(*args, [True, False, False]))
            bw = timed_ms(lambda: torch.ops.aten.convolution_backward(*args, [False, True, True]))
        for what, (med, best) in (("forward", fwd), ("backward-data", bd), ("backward-weights", bw)):
            print(f"{name:32s} {what:17s} median {med:10.3f} ms {flops / med / 1e6:8.2f} GFLOP/s"
                  f" | fastest {best:10.3f} ms {flops / best / 1e6:8.2f} GFLOP/s", flush=True)
        first_layer = cin == 1 and count > 0
        for i, key in ((0, "median"), (1, "fastest")):
            totals[(f"{len(sp)}D", key)] += count * (fwd[i] + (0 if first_layer else bd[i]) + bw[i])
    if not only:
        for key in ("median", "fastest"):
            print(f"# CARE step, convolutions only ({key}): 3D {totals[('3D', key)]:.1f} ms,"
                  f" 2D {totals[('2D', key)]:.1f} ms")


if __name__ == "__main__":
    main()
