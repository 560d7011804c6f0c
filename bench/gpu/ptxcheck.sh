#!/usr/bin/env bash
# Offline check of the inline-PTX build of conv_tf32.cl without a GPU: OpenCL C -> PTX with clang (nvptx64 target,
# libclc for the builtins), then ptxas for sm_90a: syntax of the asm blocks, registers, spills, and the count of
# mma.sync / ld.shared per kernel. NVIDIA's own OpenCL compiler (NVVM) differs in detail: the numbers are indicative,
# the syntax check is not. Needs clang-15 and libclc-15 (apt-get install clang-15 libclc-15) and ptxas (CUDA toolkit).
# Usage: bash bench/gpu/ptxcheck.sh [-DTW=32 -DTH=4 -DBN=64 -DWM=64 -DWN=32 -DWBM=32 -DWNTI=2 -DTPW=5 -DWWARPS=6 ...]
set -euo pipefail
root=$(git rev-parse --show-toplevel)
conv="$root/kernels/src/main/resources/org/jcare/kernels/conv"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# built as the launcher builds it: the shared input loader in front
cat "$conv/conv_input.cl" "$conv/conv_tf32.cl" > "$out/conv_tf32.cl"
src="$out/conv_tf32.cl"
# NVIDIA's compiler takes GNU asm in OpenCL C; clang needs the keyword spelled __asm__
clang-15 -x cl -cl-std=CL1.2 -target nvptx64-nvidia-nvcl -Xclang -finclude-default-header -O3 -march=sm_80 \
  -Dasm=__asm__ -DJCARE_NVIDIA_PTX "$@" -Xclang -mlink-builtin-bitcode -Xclang /usr/lib/clc/nvptx64--nvidiacl.bc \
  -Wno-linker-warnings -S -o "$out/tf32.ptx" "$src"
# clang 15 writes PTX 7.x for sm_80; ptxas takes it for sm_90a (what the H100/H200 driver compiles for)
sed -i 's/^\.target sm_80/.target sm_90a/; s/^\.version .*/.version 8.0/' "$out/tf32.ptx"
ptxas -arch=sm_90a -v -o "$out/tf32.cubin" "$out/tf32.ptx" 2>&1 | grep -E "error|Compiling|registers|spill"
echo "mma.sync: $(grep -c mma.sync "$out/tf32.ptx"), cvt.rna: $(grep -c cvt.rna "$out/tf32.ptx")," \
  "ld.shared: $(grep -c ld.shared "$out/tf32.ptx"), local-memory accesses: $(grep -c -E 'ld\.local|st\.local' "$out/tf32.ptx")"
