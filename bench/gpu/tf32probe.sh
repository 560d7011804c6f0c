#!/usr/bin/env bash
# Takes the TF32 path apart on the lent NVIDIA card, and checks it whole once the parts pass: each step of Tf32Probe
# in its own JVM (a kernel fault on NVIDIA, CL_OUT_OF_RESOURCES, poisons every later call of the process): ptxas
# report, bare cvt.rna and mma.sync, weight packing, forward, backward data, backward weights, the emulation on the
# same card, patched kernels; then, when every probe passed, the TF32 and fp32 convolution device tests and the tf32
# and fp32 workloads with the per-step profile.
# Build first: bash bench/gpu/prepare.sh. Run: source .gpu/env.sh && bash bench/gpu/tf32probe.sh
# MODES="..." picks the probes; PROBES_ONLY=1 stops after them; WORKLOADS=smoke for a dry run on the build machine.
# TF32_CANDIDATE="tw,th,bn,wm,wn bm,nci,taps,seg" runs the tests and workloads with those TF32 tiles (a tuned file from
# org.jcare.bench.tune.Tf32Tiles in JCARE_CONV_TUNED); when they pass, commit $OUT/tf32/tuned.json as the resource.
set -uo pipefail
source "$(dirname "$0")/common.sh"
if [ -n "${TF32_CANDIDATE:-}" ]; then
  read -r tiles weights <<< "$TF32_CANDIDATE"
  $J -cp "$CP" org.jcare.bench.tune.Tf32Tiles --out "$OUT/tf32" --tf32 "$tiles" --weights "$weights" || exit 1
  export JCARE_CONV_TUNED="$OUT/tf32/tuned.json"
fi
ok=1
MODES=${MODES:-verbose cvt mma pack forward forward3d data weights emulated}
for m in $MODES; do
  f="$OUT/probe-$(echo "$m" | tr -c 'a-z0-9\n' '-').txt"
  timeout 60 $J -cp "$CP" org.jcare.kernels.conv.Tf32Probe "$m" > "$f" 2>&1 || ok=0
  grep -E "^PROBE" "$f" | cut -c1-300
done
[ -f "$OUT/probe-verbose.txt" ] && grep -E "ptxas|registers|spill|smem|\[-D" "$OUT/probe-verbose.txt" | head -24
[ -n "${PROBES_ONLY:-}" ] && exit 0
[ $ok = 1 ] || { echo "a probe failed: no tests or workloads"; exit 1; }

step "TF32 and fp32 convolution device tests against the float64 reference (tuned file: ${JCARE_CONV_TUNED:-resource}; timeout 150 s)"
device_tests "$OUT/conv-tests.txt" 150 "${CONV_TESTS[@]}"
grep -E "tests (successful|failed|skipped)|✘" "$OUT/conv-tests.txt" | head -12

for p in tf32 fp32; do
  step "workloads $p, tuned file ${JCARE_CONV_TUNED:-resource} (timeout 110 s)"
  timeout 110 $J -cp "$CP" org.jcare.bench.BenchMain --workload "${WORKLOADS:-gpu}" --precision $p --profile \
    --json "$OUT/bench.jsonl" > "$OUT/bench-$p.txt" 2>&1
  grep -E "^(train|restore|smoke|workload)|Exception" "$OUT/bench-$p.txt"
done
step "done"
