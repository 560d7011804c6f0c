#!/usr/bin/env bash
# The TF32 tensor-core convolution on the lent NVIDIA machine, in one run (about 4-7 minutes on an H200): the device
# tests of the TF32 kernel (real inline PTX mma.sync there) and of the fp32 twin, ptxas registers/spills, conv
# GFLOP/s of GPU_TF32 and of the fp32 GPU kernel on the same card, and the workloads at --precision tf32 (AUTO picks
# GPU_TF32) with the per-step profile. Full results under $OUT, a short summary last.
# Build first on the build machine: bash bench/gpu/prepare.sh
# Run from the repository root there: source .gpu/env.sh && bash bench/gpu/tf32.sh [quick]
#   quick: conv benchmarks on the two large shapes only, workloads train3d and restore3d only.
set -uo pipefail
source "$(dirname "$0")/common.sh"
QUICK=${1:-}

step "device"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader | tee "$OUT/tf32-device.txt"

step "device tests: TF32 kernel (inline PTX), fp32 twin, fused residual and read-through decoder input, against the float64 reference"
device_tests "$OUT/tf32-tests.txt" 240 "${CONV_TESTS[@]}" --select-class org.jcare.kernels.conv.ConvVariantTest
grep -E "ConvTf32KernelsTest on|tests (successful|failed)|MethodSource|✘" "$OUT/tf32-tests.txt" | head -40

only=()
[ "$QUICK" = quick ] && only=(--only a-3d-32-32-k3-b16-16x64x64,b-2d-32-32-k5-b16-128x128)
step "conv GFLOP/s, GPU_TF32 (forced), with ptxas registers/spills"
timeout 180 $J -cp "$CP" org.jcare.kernels.conv.ConvBenchmark --variant GPU_TF32 --nv-verbose --runs 10 "${only[@]}" \
  > "$OUT/tf32-conv-bench.txt" 2>&1
grep -E "^#|a-3d|b-2d" "$OUT/tf32-conv-bench.txt" | grep -v grad-prep

step "conv GFLOP/s, fp32 GPU kernel on the same card (baseline)"
timeout 180 $J -cp "$CP" org.jcare.kernels.conv.ConvBenchmark --variant GPU --runs 10 "${only[@]}" \
  > "$OUT/fp32-conv-bench.txt" 2>&1
grep -E "^# CARE|a-3d|b-2d" "$OUT/fp32-conv-bench.txt" | grep -v grad-prep

step "workloads at --precision tf32 (AUTO -> GPU_TF32), with per-step profile"
wl=()
[ "$QUICK" = quick ] && wl=(--only train3d,restore3d)
timeout 300 $J -cp "$CP" org.jcare.bench.BenchMain --workload gpu --precision tf32 --profile "${wl[@]}" \
  --json "$OUT/bench-gpu-tf32.jsonl" > "$OUT/bench-gpu-tf32.txt" 2>&1
cat "$OUT/bench-gpu-tf32.txt"

step "summary"
grep -E "tests (successful|failed)" "$OUT/tf32-tests.txt"
grep -E "# CARE step" "$OUT/tf32-conv-bench.txt" "$OUT/fp32-conv-bench.txt"
grep -E "ptxas|registers|spill" "$OUT/tf32-conv-bench.txt" | head -6
grep -E '"median_ms"' "$OUT/bench-gpu-tf32.jsonl" | sed -E 's/.*"workload":"([^"]*)".*"median_ms":([0-9.]+).*"tflop_per_s":([0-9.]+).*/\1 median \2 ms, \3 TFLOP\/s/'
echo "full results in $OUT"
