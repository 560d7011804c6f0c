#!/usr/bin/env bash
# GPU speed, round 2 (issue 16), in one device call of at most about 9.5 minutes on an H100/H200 (start-up not counted):
#  1. the pipelined tensor-core kernels (conv_mma.cl: cp.async, ldmatrix, TF32 and BF16): each new inline-PTX
#     instruction alone (MmaProbe, a JVM each: a kernel fault poisons NVIDIA's context for the rest of a process), then
#     their tests against the float64 reference with the real PTX;
#  2. the other convolution device tests: single-stage TF32, fp32 (plain-input loader, new weight-gradient tile),
#     fused residual and read-through decoder input, BF16 cases of both; then the restore's overlapped transfers
#     (pinned memory, second queue: the same bits as the blocking path);
#  3. fp32 A/B of the plain-input loader (the suspect of 87 -> 97 ms): ConvBenchmark with and without --generic-input;
#  4. tensor-core tile candidates, timing only (ConvBenchmark on the two large layers): last session's sweep winner on
#     the single-stage kernels, the pipelined kernels with 2/3 stages and two warp tiles, BF16;
#  5. adoption: the fastest TF32 candidate as a tuned file (Tf32Tiles), the TF32 device tests again with it; it is
#     adopted only if they pass (commit $OUT/adopt/tuned.json as kernels/src/main/resources/.../conv/tuned.json);
#  6. the workloads: fp32 (tuned file as shipped), tf32 (with the adopted tiles), bf16 (train steps);
#  7. PyTorch (cudnn.benchmark) fp32/tf32/bf16 on the same card, if time is left;
#  8. a short table. Every step has a timeout and a deadline check: steps that no longer fit are skipped and say so.
# Build first: bash bench/gpu/prepare.sh. Run: source .gpu/env.sh && bash bench/gpu/run3.sh (timeout_s 590)
# Overrides: BUDGET (seconds, default 560), SKIP_TORCH=1, WORKLOADS=smoke (dry run), JCARE_DEVICE=cpu with
# CANDIDATES/BF16_CANDIDATES/ONLY for a dry run on the build machine (the emulation is slow: use tiny shapes).
set -uo pipefail
source "$(dirname "$0")/common.sh"
START=$(date +%s)
BUDGET=${BUDGET:-560}
WORKLOADS=${WORKLOADS:-gpu}
ONLY=${ONLY:-a-3d-32-32-k3-b16-16x64x64,b-2d-32-32-k5-b16-128x128}
# candidates "tw,th,bn,wm,wn wbm,wnci,wtaps,wseg stages name"; stages 0 = the single-stage kernels of conv_tf32.cl
CANDIDATES=${CANDIDATES:-"32,4,64,32,32 32,16,3,32 0 v1-sweep;32,4,64,64,32 32,16,5,32 2 mma-s2;32,4,64,64,32 32,16,5,32 3 mma-s3;32,4,64,32,32 32,16,3,32 3 mma-s3-w32"}
BF16_CANDIDATES=${BF16_CANDIDATES:-"32,4,64,64,32 32,16,5,32 3 bf16-s3"}
mkdir -p "$OUT/adopt"
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"
left() { echo $((BUDGET - ($(date +%s) - START))); }
# fits SECONDS: true when a step with that timeout still fits the budget, else says it is skipped
fits() {
  if [ "$(left)" -ge "$1" ]; then return 0; fi
  echo "skipped: needs $1 s, $(left) s left" | tee -a "$SUMMARY"
  return 1
}
tests_line() { grep -E "tests (successful|failed)" "$1" | tr -s ' ' | tr '\n' ' '; }

step "device"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader | tee "$OUT/device.txt"
echo "commit $JCARE_COMMIT, $(date -u +%F)" | tee -a "$OUT/device.txt"

step "1. pipelined tensor-core kernels: each new PTX instruction alone (a JVM each), then the device tests"
# a kernel fault poisons NVIDIA's context for the rest of a process: the probes say which instruction, if any, faults
MMA_OK=1
for m in bf16cvt bf16mma ldmatrix cpasync tf32 bf16; do
  fits 30 || { MMA_OK=0; break; }
  # the JUnit console jar: the pass probes check with the tests' assertions (MmaChecks)
  timeout 30 $J -cp "$CP:.gpu/junit-console.jar" org.jcare.kernels.conv.MmaProbe "$m" > "$OUT/probe-$m.txt" 2>&1 || MMA_OK=0
  grep -E "^PROBE" "$OUT/probe-$m.txt" | cut -c1-200 | tee -a "$SUMMARY"
  grep -q "^PROBE .*: OK" "$OUT/probe-$m.txt" || MMA_OK=0
done
if [ "$MMA_OK" = 1 ] && fits 75; then
  device_tests "$OUT/tests-mma.txt" 75 --select-class org.jcare.kernels.conv.ConvMmaKernelsTest
  grep -E "ConvMmaKernelsTest on|✘" "$OUT/tests-mma.txt" | head -12
  grep -qE "0 tests failed" "$OUT/tests-mma.txt" && grep -qE "[1-9][0-9]* tests successful" "$OUT/tests-mma.txt" || MMA_OK=0
  echo "pipelined kernel tests: $(tests_line "$OUT/tests-mma.txt")" | tee -a "$SUMMARY"
else
  MMA_OK=0
  echo "pipelined kernel tests not run: a probe failed or no time (see probe-*.txt)" | tee -a "$SUMMARY"
fi

step "2. the other convolution device tests (timeout 110 s)"
if fits 110; then
  device_tests "$OUT/tests-conv.txt" 110 "${CONV_TESTS[@]}"
  grep -E "✘" "$OUT/tests-conv.txt" | head -12
  echo "convolution tests: $(tests_line "$OUT/tests-conv.txt")" | tee -a "$SUMMARY"
fi

step "2b. restores with overlapped transfers: pinned memory, the second queue, tiled == blocking (timeout 45 s)"
if fits 45; then
  # from training/, with the training test classes (as checks.sh): the tests read their data relative to it
  (cd training && timeout 45 $JAVA -jar ../.gpu/junit-console.jar execute \
    -cp "$(ls "$OLDPWD"/.gpu/lib/*.jar | tr '\n' ':')$OLDPWD/.gpu/training-test-classes" \
    --select-class org.jcare.engine.cl.PinnedBufferTest --select-class org.jcare.engine.cl.TransferQueueTest \
    --select-class org.jcare.training.predict.TileTransfersTest --select-class org.jcare.training.predict.TiledPredictorTest \
    --details=tree --disable-banner) > "$OUT/tests-restore.txt" 2>&1
  grep -E "✘" "$OUT/tests-restore.txt" | head -8
  echo "restore transfer tests: $(tests_line "$OUT/tests-restore.txt")" | tee -a "$SUMMARY"
fi

# bench NAME SECONDS ARGS...: ConvBenchmark on the two large layers; prints the median ms per pass
bench() {
  local name=$1 limit=$2
  shift 2
  timeout "$limit" $J -cp "$CP" org.jcare.kernels.conv.ConvBenchmark --runs 5 --only "$ONLY" "$@" > "$OUT/bench-$name.txt" 2>&1
  grep -E "Exception|mismatch" "$OUT/bench-$name.txt" | head -2
  awk -v n="$name" '$2 ~ /forward|backward/ && $2 != "grad-prep" {
      d = $1 ~ /3d/ ? "3D" : "2D"; ms[d] += $4; line = line sprintf(" %s %s %.0f GF/s;", d, $2, $6) }
    END { printf "%-12s 3D %7.2f ms  2D %7.2f ms  (fwd+dx+dw) |%s\n", n, ms["3D"], ms["2D"], line }' \
    "$OUT/bench-$name.txt" | tee -a "$OUT/candidates.txt"
}

step "3. fp32 A/B of the plain-input loader, and the fp32 weight-gradient tile (timeout 2 x 40 s)"
if fits 80; then
  bench fp32-plain 40 --variant GPU | tee -a "$SUMMARY"
  bench fp32-generic 40 --variant GPU --generic-input | tee -a "$SUMMARY"
fi

step "4. tensor-core tile candidates, timing only (timeout 35 s each)"
: > "$OUT/candidates.txt"
IFS=';' read -ra cands <<< "$CANDIDATES"
for c in "${cands[@]}"; do
  read -r tiles wtiles stages name <<< "$c"
  fits 35 || break
  bench "$name" 35 --variant GPU_TF32 --tf32 "$tiles" --tf32-weights "$wtiles" --stages "$stages"
done
IFS=';' read -ra bcands <<< "$BF16_CANDIDATES"
for c in "${bcands[@]}"; do
  read -r tiles wtiles stages name <<< "$c"
  fits 35 || break
  bench "$name" 35 --variant GPU_BF16 --tf32 "$tiles" --tf32-weights "$wtiles" --stages "$stages"
done
cat "$OUT/candidates.txt" >> "$SUMMARY"

step "5. adopt the fastest TF32 candidate whose kernels passed their tests (timeout 60 s)"
# fastest by the 3D + 2D time of the three passes; the pipelined ones only when step 1 passed
best=$(awk -v mma="$MMA_OK" '$1 !~ /^bf16/ && $1 !~ /^fp32/ && ($1 ~ /^v1/ || mma == 1) && $3 + $6 > 0 {
    t = $3 + $6; if (best == "" || t < bt) { best = $1; bt = t } } END { print best }' "$OUT/candidates.txt")
ADOPTED=none
if [ -n "$best" ] && fits 60; then
  for c in "${cands[@]}"; do
    read -r tiles wtiles stages name <<< "$c"
    [ "$name" = "$best" ] || continue
    $J -cp "$CP" org.jcare.bench.tune.Tf32Tiles --out "$OUT/adopt" --tf32 "$tiles" --weights "$wtiles" --stages "$stages" \
      > "$OUT/adopt/tf32tiles.txt" 2>&1
    JCARE_CONV_TUNED="$OUT/adopt/tuned.json" device_tests "$OUT/tests-adopt.txt" 55 \
      --select-class org.jcare.kernels.conv.ConvTf32KernelsTest --select-class org.jcare.kernels.conv.ConvResidualTest
    if grep -qE "0 tests failed" "$OUT/tests-adopt.txt"; then
      ADOPTED="$best ($tiles / $wtiles / stages $stages)"
    fi
    echo "candidate $best with the tuned file: $(tests_line "$OUT/tests-adopt.txt")" | tee -a "$SUMMARY"
  done
fi
echo "adopted TF32 tiles: $ADOPTED" | tee -a "$SUMMARY"
TUNED_TF32=""
[ "$ADOPTED" != none ] && TUNED_TF32="$OUT/adopt/tuned.json"

# workloads P SECONDS ONLY [TUNED]: the bench harness at precision P
workloads() {
  local p=$1 limit=$2 only=$3 tuned=${4:-}
  fits "$limit" || return 0
  local onlyArg=()
  [ -n "$only" ] && onlyArg=(--only "$only")
  if [ -n "$tuned" ]; then
    JCARE_CONV_TUNED="$tuned" timeout "$limit" $J -cp "$CP" org.jcare.bench.BenchMain --workload "$WORKLOADS" \
      --precision "$p" --profile "${onlyArg[@]}" --json "$OUT/bench.jsonl" > "$OUT/workloads-$p.txt" 2>&1
  else
    timeout "$limit" $J -cp "$CP" org.jcare.bench.BenchMain --workload "$WORKLOADS" --precision "$p" --profile \
      "${onlyArg[@]}" --json "$OUT/bench.jsonl" > "$OUT/workloads-$p.txt" 2>&1
  fi
  grep -E "^(train|restore|smoke|workload)|Exception" "$OUT/workloads-$p.txt" | sed "s/^/$p /" | tee -a "$SUMMARY"
}

step "6. workloads: fp32, tf32 (adopted tiles), bf16 train steps"
workloads fp32 90 ""
workloads tf32 80 "" "$TUNED_TF32"
if [ "$MMA_OK" = 1 ]; then
  workloads bf16 50 "train3d,train2d" "$TUNED_TF32"
else
  echo "bf16 workloads skipped: the pipelined kernels did not pass step 1" | tee -a "$SUMMARY"
fi

step "7. PyTorch with cudnn.benchmark on the same card"
if [ -z "${SKIP_TORCH:-}" ] && fits 60; then
  timeout $(($(left) - 5)) python3 bench/pytorch/care_unet.py --anchors --precisions fp32,tf32,bf16 --warmup 2 --reps 5 \
    --json "$OUT/pytorch.jsonl" > "$OUT/pytorch.txt" 2>&1
  tail -12 "$OUT/pytorch.txt"
fi

step "8. summary ($(($(date +%s) - START)) s)"
cat "$SUMMARY"
echo
echo "workload medians (jcare | PyTorch):"
for p in fp32 tf32 bf16; do
  for w in train3d train2d restore3d restore2d; do
    j=$(grep -h "\"workload\":\"$w\"" "$OUT/bench.jsonl" 2>/dev/null | grep "\"precision\":\"$p\"" | grep -v '"kind":"profile"' \
      | sed -E 's/.*"median_ms":([0-9.]+).*/\1/' | tail -1)
    t=$(grep -h "\"workload\": \"$w\"" "$OUT/pytorch.jsonl" 2>/dev/null | grep "\"precision\": \"$p\"" \
      | sed -E 's/.*"median_ms": ([0-9.]+).*/\1/' | tail -1)
    [ -n "$j$t" ] && printf "  %-5s %-10s jcare %10s ms   pytorch %10s ms\n" "$p" "$w" "${j:--}" "${t:--}"
  done
done
echo "full results in $OUT"
