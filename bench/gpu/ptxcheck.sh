#!/usr/bin/env bash
# Offline check of the convolution kernels' NVIDIA builds without a GPU: OpenCL C -> PTX with clang (nvptx64 target,
# libclc for the builtins), then ptxas for sm_90a (what the H100/H200 driver compiles for): syntax of the inline-PTX
# asm blocks (mma.sync, ldmatrix, cp.async, cvt), registers, spills, stack, static shared memory, and counts of
# instructions in the PTX (static counts: code, not executed instructions). NVIDIA's own OpenCL compiler (NVVM) differs
# in detail: the numbers are indicative, the syntax check is not. Occupancy and speed need the card.
# Needs clang-15 and libclc-15 (apt-get install clang-15 libclc-15) and ptxas (CUDA toolkit).
#
# Usage, from the repository root:
#   bash bench/gpu/ptxcheck.sh                 the report: every kernel configuration below, one line per kernel
#   REV=a9ea0c0 bash bench/gpu/ptxcheck.sh     the same configurations from the kernel sources of another commit
#                                              (configurations whose kernels that commit lacks are skipped)
#   bash bench/gpu/ptxcheck.sh FILES OPTIONS   one build: FILES = tf32 (conv_tf32.cl), mma (conv_mma.cl) or gpu
#                                              (conv_gpu.cl), OPTIONS the -D build options (-DJCARE_NVIDIA_PTX is added
#                                              for tf32 and mma), e.g. bash bench/gpu/ptxcheck.sh mma -DMMA_KERNEL_FORWARD
set -euo pipefail
root=$(git rev-parse --show-toplevel)
conv=kernels/src/main/resources/org/jcare/kernels/conv
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
REV=${REV:-}

# source FILE: a kernel file of the working tree, or of commit $REV (empty when that commit has no such file)
source_of() {
  if [ -n "$REV" ]; then
    git -C "$root" show "$REV:$conv/$1" 2>/dev/null || true
  else
    cat "$root/$conv/$1"
  fi
}

# build NAME FILES OPTIONS...: compiles the program as the launcher builds it, prints one line per kernel entry
build() {
  local name=$1 files=$2
  shift 2
  local src="$out/$name.cl"
  case $files in
    tf32) { source_of conv_input.cl; source_of mma.cl; source_of conv_tf32.cl; } > "$src" ;;
    mma) { source_of conv_input.cl; source_of mma.cl; source_of conv_mma.cl; } > "$src" ;;
    gpu) { source_of conv_input.cl; source_of conv_gpu.cl; } > "$src" ;;
  esac
  if [ "$files" = mma ] && ! grep -q conv3d_forward_mma "$src"; then
    echo "$name: no conv_mma.cl at ${REV:-the working tree}"
    return 0
  fi
  # NVIDIA's compiler takes GNU asm in OpenCL C; clang needs the keyword spelled __asm__
  if ! clang-15 -x cl -cl-std=CL1.2 -target nvptx64-nvidia-nvcl -Xclang -finclude-default-header -O3 -march=sm_80 \
      -Dasm=__asm__ "$@" -Xclang -mlink-builtin-bitcode -Xclang /usr/lib/clc/nvptx64--nvidiacl.bc \
      -Wno-linker-warnings -S -o "$out/$name.ptx" "$src" 2> "$out/$name.clang"; then
    echo "$name: clang failed"; head -20 "$out/$name.clang"; return 1
  fi
  # clang 15 writes PTX 7.x for sm_80; ptxas takes it for sm_90a (what the H100/H200 driver compiles for)
  sed -i 's/^\.target sm_80/.target sm_90a/; s/^\.version .*/.version 8.0/' "$out/$name.ptx"
  if ! ptxas -arch=sm_90a -v -o "$out/$name.cubin" "$out/$name.ptx" > "$out/$name.ptxas" 2>&1; then
    echo "$name: ptxas failed"; grep -i error "$out/$name.ptxas" | head -10; return 1
  fi
  # per entry: the ptxas lines, and instruction counts of its PTX body
  awk -v name="$name" -v opts="$*" '
    FNR == NR {
      if ($0 ~ /Compiling entry function/) { match($0, /'"'"'[^'"'"']*'"'"'/); e = substr($0, RSTART + 1, RLENGTH - 2) }
      if ($0 ~ /bytes stack frame/) { split($0, a, " "); stack[e] = a[1]; spill[e] = a[5] + a[9] }
      if ($0 ~ /Used [0-9]+ registers/) {
        match($0, /Used [0-9]+ registers/); regs[e] = substr($0, RSTART + 5, RLENGTH - 15)
        smem[e] = 0; if (match($0, /[0-9]+ bytes smem/)) smem[e] = substr($0, RSTART, RLENGTH - 11)
      }
      next
    }
    /^(\.visible )?\.entry/ { match($0, /\.entry [A-Za-z0-9_]+/); cur = substr($0, RSTART + 7, RLENGTH - 7); order[++n] = cur }
    cur != "" {
      if ($0 ~ /mma\.sync/) mma[cur]++
      if ($0 ~ /ldmatrix/) ldm[cur]++
      if ($0 ~ /cp\.async\.ca/) cpa[cur]++
      if ($0 ~ /ld\.shared/) lds[cur]++
      if ($0 ~ /st\.shared/) sts[cur]++
      if ($0 ~ /ld\.global/) ldg[cur]++
      if ($0 ~ /(div|rem)\.(s|u)32/) dv[cur]++
      if ($0 ~ /fma\.rn\.f32/) fma[cur]++
      if ($0 ~ /cvt\.rna\.tf32|cvt\.rn\.bf16x2/) cvt[cur]++
    }
    END {
      for (i = 1; i <= n; i++) {
        k = order[i]
        if (k ~ /pack/) continue
        printf "%-22s %-30s regs %3d spill %3d stack %4d smem %5d | mma %3d ldmatrix %2d cp.async %2d cvt %3d ld.shared %3d st.shared %3d ld.global %3d fma %4d div/rem %3d | %s\n",
          name, k, regs[k], spill[k], stack[k], smem[k], mma[k], ldm[k], cpa[k], cvt[k], lds[k], sts[k], ldg[k], fma[k], dv[k], opts
      }
    }' "$out/$name.ptxas" "$out/$name.ptx"
}

if [ $# -gt 0 ]; then
  files=$1
  shift
  extra=()
  [ "$files" != gpu ] && extra=(-DJCARE_NVIDIA_PTX)
  build one "$files" "${extra[@]}" "$@"
  exit 0
fi

echo "# ptxas 13 (sm_90a) on clang-15 PTX of the kernel sources at ${REV:-the working tree}; default tiles (TF32 forward"
echo "# 32x4 voxels x 64 channels, warp 64x32; weights 32x16 channels, 5 taps per warp), 3x3x3 unless named"
PTX=-DJCARE_NVIDIA_PTX
build tf32-fwd tf32 $PTX
build tf32-fwd-plain tf32 $PTX -DJCARE_PLAIN_INPUT
build tf32-wgt tf32 $PTX -DWBM=32 -DWNTI=2 -DTPW=5 -DWWARPS=6
build tf32-fwd-sweep tf32 $PTX -DTW=32 -DTH=4 -DBN=64 -DWM=32 -DWN=32
build mma-tf32-fwd-s2 mma $PTX -DMMA_KERNEL_FORWARD -DSTAGES=2 -DJCARE_PLAIN_INPUT
build mma-tf32-fwd-s3 mma $PTX -DMMA_KERNEL_FORWARD -DSTAGES=3 -DJCARE_PLAIN_INPUT
build mma-tf32-fwd-w64 mma $PTX -DMMA_KERNEL_FORWARD -DSTAGES=3 -DJCARE_PLAIN_INPUT -DTW=64 -DTH=2 -DBN=64 -DWM=64 -DWN=64
build mma-tf32-fwd-cat mma $PTX -DMMA_KERNEL_FORWARD -DSTAGES=3
build mma-bf16-fwd-s3 mma $PTX -DMMA_KERNEL_FORWARD -DSTAGES=3 -DMMA_BF16 -DJCARE_PLAIN_INPUT
build mma-tf32-wgt-s2 mma $PTX -DMMA_KERNEL_WEIGHTS -DSTAGES=2 -DJCARE_PLAIN_INPUT -DWBM=32 -DWNTI=2 -DTPW=5 -DWWARPS=6
build mma-bf16-wgt-s2 mma $PTX -DMMA_KERNEL_WEIGHTS -DSTAGES=2 -DMMA_BF16 -DJCARE_PLAIN_INPUT -DWBM=32 -DWNTI=2 -DTPW=5 -DWWARPS=6
build gpu-k3 gpu -DKW_MAX=3
build gpu-k3-plain gpu -DKW_MAX=3 -DJCARE_PLAIN_INPUT
build gpu-k3-wkh3-plain gpu -DKW_MAX=3 -DWKH=3 -DJCARE_PLAIN_INPUT
build gpu-k5-plain gpu -DKW_MAX=5 -DJCARE_PLAIN_INPUT
