#!/usr/bin/env bash
# Issue 10's recipe comparison on the bundled FMD pairs: fixed vs fresh patches, the background filter, Glorot vs
# PyTorch's initializer, Adam's epsilon, and a PyTorch CARE at the same budget. One training per line of the plan,
# each under the shared CPU lock (flock /tmp/jcare-cpu.lock), results appended as JSON lines to
# bench/results/recipes-fmd.jsonl. Usage: bash bench/recipe/run.sh [holdouts] [seeds] [recipes]
#   holdouts: rows bpae_b bpae_g mice (default all four); seeds: default "1 2"; recipes: default all below.
# Network: depth 2, 16 first filters, kernel 3, batch 16, 10 epochs x 40 steps (400 steps), learning rate 4e-4, L1,
# no augmentation, 64x64 patches; the best validation loss picks the weights (validation: the same 19 patches for
# every recipe). A run that is already in the results file is skipped, so the script can be restarted.
set -euo pipefail
cd "$(dirname "$0")/../.."
holdouts="${1:-rows bpae_g mice bpae_b}"
seeds="${2:-1 2}"
recipes="${3:-fixed64 fresh fresh-nofilter fresh-torchinit fresh-eps1e-8 pytorch}"
out=bench/results/recipes-fmd.jsonl
jar=${JCARE_JAR:-cli/target/jcare.jar}
tmp=${TMPDIR:-/tmp}/jcare-recipes
mkdir -p "$tmp"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
export LD_PRELOAD="$java_home/lib/libjsig.so"
common=(--n-first 16 --kern 3 --epochs 10 --steps 40 --batch 16)
run_java() { flock /tmp/jcare-cpu.lock java -cp "$jar" org.jcare.bench.recipe.RecipeExperiment "$@"; }
for h in $holdouts; do
  for seed in $seeds; do
    for r in $recipes; do
      if [ -f "$out" ] && grep -q "\"recipe\": \"$r\", \"holdout\": \"$h\", \"seed\": $seed," "$out"; then
        continue
      fi
      echo "== $r holdout=$h seed=$seed $(date -u +%H:%M:%S)" >&2
      case "$r" in
        fixed64) run_java --holdout "$h" --seed "$seed" --patches fixed:64 "${common[@]}" --json "$out" ;;
        fresh) run_java --holdout "$h" --seed "$seed" --patches fresh "${common[@]}" --json "$out" ;;
        fresh-nofilter) run_java --holdout "$h" --seed "$seed" --patches fresh --filter off "${common[@]}" --json "$out" ;;
        fresh-torchinit) run_java --holdout "$h" --seed "$seed" --patches fresh --init pytorch "${common[@]}" --json "$out" ;;
        fresh-eps1e-8) run_java --holdout "$h" --seed "$seed" --patches fresh --eps 1e-8 "${common[@]}" --json "$out" ;;
        fresh-nofilter-torchinit-eps1e-8) run_java --holdout "$h" --seed "$seed" --patches fresh --filter off \
            --init pytorch --eps 1e-8 "${common[@]}" --json "$out" ;;
        pytorch)
          run_java --holdout "$h" --write-validation "$tmp/val-$h.npz" >/dev/null
          flock /tmp/jcare-cpu.lock /usr/bin/python3 bench/pytorch/care_train.py --data data/fmd --holdout "$h" \
              --seed "$seed" --n-first 16 --kern 3 --epochs 10 --steps 40 --batch 16 \
              --validation "$tmp/val-$h.npz" --out "$tmp/pytorch-$h-$seed" >&2
          run_java --holdout "$h" --seed "$seed" --evaluate "$tmp/pytorch-$h-$seed" --label pytorch \
              "${common[@]}" --json "$out" ;;
        *) echo "unknown recipe $r" >&2; exit 2 ;;
      esac
    done
  done
done
