#!/usr/bin/env bash
# One call that fits a 15-minute device session (start-up included): the TF32 and fused-convolution device tests
# against the float64 reference (real inline PTX mma.sync there), the convolution tuner on a short budget, the fp32
# and tf32 workloads with the tuned file and the per-step profile, and the PyTorch anchors (cuDNN benchmark mode)
# on the same card. Every step has its own timeout; they add up to under 540 s, so run with timeout_s 560.
# Build first: bash bench/gpu/prepare.sh. Run: source .gpu/env.sh && bash bench/gpu/run2.sh
# Overrides for a dry run on the build machine: WORKLOADS=smoke TUNE_SIZES=tiny JCARE_DEVICE=cpu SKIP_TORCH=1
set -uo pipefail
source "$(dirname "$0")/common.sh"
WORKLOADS=${WORKLOADS:-gpu}
TUNE_SIZES=${TUNE_SIZES:-gpu}

step "device"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader | tee "$OUT/device.txt"

step "device tests: TF32 kernel, fp32 kernels, fused residual, read-through decoder input (timeout 150 s)"
device_tests "$OUT/tests.txt" 150 "${CONV_TESTS[@]}"
grep -E "tests (successful|failed|skipped)|✘" "$OUT/tests.txt" | head -20

step "conv tuner (45 s budget, timeout 80 s)"
timeout 80 $J -cp "$CP" org.jcare.bench.tune.ConvTuner --out "$OUT/tuned" --seconds 45 --sizes "$TUNE_SIZES" \
  > "$OUT/tuner.txt" 2>&1
tail -6 "$OUT/tuner.txt"
TUNED=none
[ -f "$OUT/tuned/tuned.json" ] && TUNED="$OUT/tuned/tuned.json"

for p in fp32 tf32; do
  step "workloads $p, tuned file $TUNED (timeout 110 s)"
  JCARE_CONV_TUNED="$TUNED" timeout 110 $J -cp "$CP" org.jcare.bench.BenchMain --workload "$WORKLOADS" --precision $p \
    --profile --json "$OUT/bench.jsonl" > "$OUT/bench-$p.txt" 2>&1
  grep -E "^(train|restore|smoke|workload)" "$OUT/bench-$p.txt"
done

if [ -z "${SKIP_TORCH:-}" ]; then
  step "PyTorch anchors (cudnn.benchmark) on the same card (timeout 90 s)"
  timeout 90 python3 bench/pytorch/care_unet.py --anchors --warmup 2 --reps 5 --json "$OUT/pytorch.jsonl" 2>&1 | tail -8
fi
step "done"
