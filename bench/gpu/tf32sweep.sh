#!/usr/bin/env bash
# Sweeps the TF32 tiles on the lent NVIDIA card: ConvBenchmark with the TF32 kernels forced, on the two large layer
# shapes (3D 32->32 k3 batch 16 of 16x64x64, 2D 32->32 k5 batch 16 of 128x128), one JVM per forward tile
# (tw,th,bn,wm,wn: forward and backward data) and per weight-gradient tile (bm,nci,taps,seg). Prints one line per pass
# and tile. ConvBenchmark only times: a winner becomes the default only after ConvTf32KernelsTest passes with it on
# the card (bench/gpu/tf32probe.sh runs that test and the workloads).
# Build first: bash bench/gpu/prepare.sh. Run: source .gpu/env.sh && bash bench/gpu/tf32sweep.sh
set -uo pipefail
source "$(dirname "$0")/common.sh"
ONLY=${ONLY:-a-3d-32-32-k3-b16-16x64x64,b-2d-32-32-k5-b16-128x128}
FORWARD=${FORWARD:-32,4,64,64,32 64,4,64,64,32 32,8,64,64,32 64,2,64,64,32 32,4,64,32,32 32,4,64,64,16 128,2,64,64,32 64,8,32,64,32 128,4,32,64,32 64,4,32,32,32 32,8,32,32,32 64,4,32,64,16}
WEIGHTS=${WEIGHTS:-32,16,5,32 32,16,3,32 32,8,5,32 16,16,5,32 32,16,5,64 32,32,3,32 32,16,9,32 32,16,5,16}
for t in $FORWARD; do
  timeout 25 $J -cp "$CP" org.jcare.kernels.conv.ConvBenchmark --variant GPU_TF32 --runs 5 --only "$ONLY" --tf32 "$t" \
    > "$OUT/sweep-fwd-$t.txt" 2>&1
  grep -E "forward|backward-data" "$OUT/sweep-fwd-$t.txt" | grep -v grad-prep | awk -v t="$t" '{print "fwd " t, $1, $2, $4, $5, $6, $7}'
  grep -E "Exception|mismatch" "$OUT/sweep-fwd-$t.txt" | head -2 | sed "s/^/fwd $t /"
done
for t in $WEIGHTS; do
  timeout 25 $J -cp "$CP" org.jcare.kernels.conv.ConvBenchmark --variant GPU_TF32 --runs 5 --only "$ONLY" --tf32-weights "$t" \
    > "$OUT/sweep-wgt-$t.txt" 2>&1
  grep -E "backward-weights" "$OUT/sweep-wgt-$t.txt" | awk -v t="$t" '{print "wgt " t, $1, $2, $4, $5, $6, $7}'
  grep -E "Exception|mismatch" "$OUT/sweep-wgt-$t.txt" | head -2 | sed "s/^/wgt $t /"
done
