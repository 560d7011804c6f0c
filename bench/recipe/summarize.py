#!/usr/bin/env python3
"""Summarizes bench/results/recipes-fmd.jsonl (written by bench/recipe/run.sh) as the README's table: per recipe and
hold-out, held-out PSNR / SSIM averaged over the seeds (and the fields of the hold-out), with the seed count.
Usage: python3 bench/recipe/summarize.py [FILE] [STEPS] [N_FIRST]"""
import collections
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "bench/results/recipes-fmd.jsonl"
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 400
n_first = int(sys.argv[3]) if len(sys.argv) > 3 else 16
rows = collections.defaultdict(list)
for line in open(path):
    d = json.loads(line)
    if d["steps"] != steps or d["n_first"] != n_first:
        continue
    recipe = d["recipe"].replace("eps1.0E-8", "eps1e-8")
    rows[(recipe, d["holdout"])].append((d["mean_psnr"], d["mean_ssim"], d["seed"]))
holdouts = ["rows", "bpae_g", "mice", "bpae_b"]
recipes = ["fixed64", "fresh", "fresh-nofilter", "fresh-torchinit", "fresh-eps1e-8",
           "fresh-nofilter-torchinit-eps1e-8", "pytorch"]
print("| recipe | " + " | ".join(holdouts) + " |")
print("|---|" + "---|" * len(holdouts))
for r in recipes:
    cells = []
    for h in holdouts:
        v = rows.get((r, h))
        if not v:
            cells.append("")
            continue
        p = sum(x[0] for x in v) / len(v)
        s = sum(x[1] for x in v) / len(v)
        cells.append(f"{p:.2f} / {s:.4f} ({len(v)})")
    if any(cells):
        print(f"| {r} | " + " | ".join(cells) + " |")
