#!/usr/bin/env bash
# Tunes the convolution kernels on the lent GPU (org.jcare.bench.tune.ConvTuner) and measures what it changes.
# Build first on the build machine (bash bench/gpu/prepare.sh), then, from the repository root on the GPU machine:
#   source .gpu/env.sh && bash bench/gpu/tune.sh [SECONDS] [ops]
# SECONDS is the tuner's search budget (default 120). Writes under $OUT:
#   tuned/tuned.json         the tuned file: copy it to kernels/src/main/resources/org/jcare/kernels/conv/tuned.json
#   tuned/tuning-log.jsonl   every candidate: static rejections, validation rejections with reasons, times
#   tuner.txt                the tuner's console (one line per signature, step totals default vs tuned)
#   bench-default.jsonl / bench-tuned.jsonl   train steps with the built-in tunables and with the tuned file
#   ops-gpu.jsonl            (with "ops") the JMH op microbenchmarks with the tuned file
set -uo pipefail
source "$(dirname "$0")/common.sh"
J="$JAVA -Xmx32g"
BUDGET=${1:-120}

step "conv tuner, ${BUDGET} s budget"
timeout $((BUDGET + 90)) $J -cp "$CP" org.jcare.bench.tune.ConvTuner --out "$OUT/tuned" --seconds "$BUDGET" 2>&1 \
  | tee "$OUT/tuner.txt"

step "train steps: built-in tunables, then the tuned file"
JCARE_CONV_TUNED=none timeout 120 $J -cp "$CP" org.jcare.bench.BenchMain --workload gpu --only train3d,train2d \
  --json "$OUT/bench-default.jsonl" 2>&1 | tail -4
if [ -f "$OUT/tuned/tuned.json" ]; then
  JCARE_CONV_TUNED="$OUT/tuned/tuned.json" timeout 120 $J -cp "$CP" org.jcare.bench.BenchMain --workload gpu \
    --only train3d,train2d --profile --json "$OUT/bench-tuned.jsonl" 2>&1 | tee "$OUT/bench-tuned.txt" | grep -E '^(train|workload)'
fi

if [ "${2:-}" = "ops" ] && [ -f "$OUT/tuned/tuned.json" ]; then
  step "op microbenchmarks (JMH, 1 fork, 2 + 3 iterations of 0.5 s)"
  JCARE_CONV_TUNED="$OUT/tuned/tuned.json" timeout 240 $J -cp "$CP" org.jcare.bench.jmh.OpBenchmarks --size gpu \
    --json "$OUT/ops-gpu.jsonl" 2>&1 | grep -v '^{' | tail -22
fi
step "done"
