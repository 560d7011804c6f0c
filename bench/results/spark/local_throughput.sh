#!/usr/bin/env bash
# Spark local-mode throughput of jcare's streamed restoration (README, "Throughput in local mode"): a 64 x 1024 x 1024
# float32 volume (zstd chunks 16 x 256 x 256, written by Debian's zarr-python), a 3D U-Net (depth 2, 8 first filters,
# kernel 3, random weights: the time does not depend on them), tiles 2,4,4, output blosc-zstd with a pyramid; timed
# from start to the renamed output, Spark's start included. Every output must equal the single-machine one, byte for
# byte. Usage: bench/results/spark/local_throughput.sh [WORK_DIR]   (run under flock /tmp/jcare-cpu.lock on shared
# machines: about 6 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
cd "$work"
/usr/bin/python3 - <<'PY'
import numpy as np, zarr, numcodecs
z, y, x = np.ogrid[0:64, 0:1024, 0:1024]
a = (100 + 40 * np.sin(x * 0.07) * np.cos(y * 0.05) + 10 * np.sin(z * 0.3) + (x * 31 + y * 17 + z * 7) % 13)
a = a.astype('<f4')
zarr.open('vol.zarr', mode='w', shape=a.shape, chunks=(16, 256, 256), dtype='<f4', compressor=numcodecs.Zstd(3))[:] = a
PY
"$root/jcare" --version >/dev/null  # builds jcare.jar when needed
cat > model.jsh <<JSH
var config = org.jcare.training.config.CareConfig.builder("ZYX").unetNDepth(2).unetNFirst(8).unetKernSize(3).build();
try (var e = org.jcare.engine.Engine.open((String) null);
     var m = org.jcare.training.CareModel.create(e, config, 1)) { m.save(java.nio.file.Path.of("$work/model"), false); }
/exit
JSH
rm -rf model && jshell --class-path "$root/cli/target/jcare.jar" model.jsh >/dev/null 2>&1
common=(predict --model model --input vol.zarr --axes ZYX --tiles 2,4,4)
run() {  # name, extra arguments...
  local name="$1"; shift
  rm -rf "out-$name"
  local t0; t0=$(date +%s.%N)
  "$root/jcare" "${common[@]}" --output "out-$name" "$@" >"log-$name.txt" 2>&1
  local t1; t1=$(date +%s.%N)
  local same="reference"
  if [ "$name" != single ]; then
    if diff -rq out-single/vol.zarr "out-$name/vol.zarr" >/dev/null; then same="identical bytes"; else same="DIFFERENT"; fi
  fi
  printf '{"run": "%s", "seconds": %.1f, "mvoxels_per_s": %.2f, "output": "%s", "commit": "%s"}\n' "$name" \
    "$(echo "$t1 - $t0" | bc)" "$(echo "64 * 1024 * 1024 / ($t1 - $t0) / 1000000" | bc -l)" "$same" \
    "$(git -C "$root" rev-parse --short HEAD)"
}
run single --output-format zarr
"$root/jcare" predict --spark 'local[1]' --help >/dev/null  # builds the spark module, untimed
run local1 --spark 'local[1]'
run local2 --spark 'local[2]'
run local2-2engines --spark 'local[2]' --spark-devices 'cpu;cpu'
