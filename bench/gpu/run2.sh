#!/usr/bin/env bash
# Second GPU session in one call: the TF32 convolution checked and timed (tf32.sh), the convolution tuner with a
# short budget, the fp32 and tf32 workloads with the tuned file, and the PyTorch anchors (cuDNN benchmark mode)
# on the same card. Build first: bash bench/gpu/prepare.sh. Run: source .gpu/env.sh && bash bench/gpu/run2.sh
set -uo pipefail
source "$(dirname "$0")/common.sh"
bash bench/gpu/tf32.sh quick 2>&1 | tee "$OUT/tf32-run.txt" | tail -40

step "conv tuner (75 s budget)"
timeout 170 $J -cp ".gpu/lib/*" org.jcare.bench.tune.ConvTuner --out "$OUT/tuned" --seconds 75 > "$OUT/tuner.txt" 2>&1
tail -8 "$OUT/tuner.txt"
TUNED=none
[ -f "$OUT/tuned/tuned.json" ] && TUNED="$OUT/tuned/tuned.json"

for p in fp32 tf32; do
  step "workloads $p with the tuned file ($TUNED)"
  JCARE_CONV_TUNED="$TUNED" timeout 200 $J -cp ".gpu/lib/*" org.jcare.bench.BenchMain --workload gpu --precision $p \
    --profile --json "$OUT/bench-gpu-tuned.jsonl" > "$OUT/bench-$p-tuned.txt" 2>&1
  grep -E "^(train|restore|workload)" "$OUT/bench-$p-tuned.txt"
done

step "PyTorch anchors (cudnn.benchmark) on the same card"
timeout 200 python3 bench/pytorch/care_unet.py --anchors --reps 20 --json "$OUT/pytorch-gpu.jsonl" 2>&1 | tail -8
step "done"
