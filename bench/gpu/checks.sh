#!/usr/bin/env bash
# Every GPU check in one run on the lent NVIDIA machine (see ../shared/gpu/README.md); the build happens on the
# build machine (bench/gpu/prepare.sh). Writes full results under $OUT and prints a short table last.
# Run from the repository root: source .gpu/env.sh && bash bench/gpu/checks.sh [quick]
set -uo pipefail
source "$(dirname "$0")/common.sh"
TCP=".gpu/lib/*:$PWD/.gpu/training-test-classes"

step "devices"
$J -cp "$CP" org.jcare.cli.Jcare devices -v 2>&1 | tee "$OUT/devices.txt"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv | tee -a "$OUT/devices.txt"

step "device tests: every kernel against its float64 reference, the composite U-Net gradient, tiled == whole"
# the console launcher does not expand class-path wildcards: name the jars
JUNIT_CP=$(ls "$PWD"/.gpu/lib/*.jar | tr '\n' ':')"$PWD/.gpu/training-test-classes"
(cd training && timeout 300 $JAVA -jar ../.gpu/junit-console.jar execute -cp "$JUNIT_CP" \
   --select-package org.jcare.kernels --select-package org.jcare.engine \
   --select-class org.jcare.training.model.UNetGradientTest --select-class org.jcare.training.model.UNetTest \
   --select-class org.jcare.training.predict.TiledPredictorTest --select-class org.jcare.training.loop.TrainerTest \
   --select-class org.jcare.training.TorchInteropTest \
   --details=summary --disable-banner 2>&1) > "$OUT/gpu-tests.txt"
tail -25 "$OUT/gpu-tests.txt"

step "convolution GFLOP/s (issue 2 shapes)"
timeout 150 $J -cp "$TCP" org.jcare.kernels.conv.ConvBenchmark --runs 10 2>&1 | tee "$OUT/conv-bench.txt" | tail -30

step "jcare workloads fp32 (train steps, restores) with per-step profile"
timeout 240 $J -cp "$CP" org.jcare.bench.BenchMain --workload gpu --profile --json "$OUT/bench-gpu.jsonl" 2>&1 | tee "$OUT/bench-gpu.txt"

if [ "${1:-}" != "quick" ]; then
  step "PyTorch anchors on the same card"
  timeout 240 python3 bench/pytorch/care_unet.py --anchors --reps 20 --json "$OUT/pytorch-gpu.jsonl" 2>&1 | tail -12
fi
step "done"
