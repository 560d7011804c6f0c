#!/usr/bin/env bash
# The fixed vs fresh comparison of bench/recipe/run.sh at other budgets and networks (hold-out: rows, seeds 1 and 2):
#   long: the small network (16 filters, kernel 3) for 2000 steps (50 epochs x 40) instead of 400;
#   csbdeep: CSBDeep's default 2D network (32 filters, kernel 5) for 400 steps, the setting of issue 10's report.
# Each training under the shared CPU lock; results appended to bench/results/recipes-fmd.jsonl; runs already there
# are skipped. Usage: bash bench/recipe/run-budget.sh [long|csbdeep]...
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/results/recipes-fmd.jsonl
jar=${JCARE_JAR:-cli/target/jcare.jar}
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
export LD_PRELOAD="$java_home/lib/libjsig.so"
for set in "${@:-long csbdeep}"; do
  case "$set" in
    long) args=(--n-first 16 --kern 3 --epochs 50 --steps 40 --batch 16); tag="\"steps\": 2000, \"batch\": 16, \"n_first\": 16" ;;
    csbdeep) args=(--n-first 32 --kern 5 --epochs 10 --steps 40 --batch 16); tag="\"steps\": 400, \"batch\": 16, \"n_first\": 32" ;;
    *) echo "unknown set $set" >&2; exit 2 ;;
  esac
  for seed in 1 2; do
    for r in fixed64 fresh; do
      if [ -f "$out" ] && grep -q "\"recipe\": \"$r\", \"holdout\": \"rows\", \"seed\": $seed, $tag" "$out"; then
        continue
      fi
      patches=$([ "$r" = fixed64 ] && echo fixed:64 || echo fresh)
      echo "== $set $r seed=$seed $(date -u +%H:%M:%S)" >&2
      flock /tmp/jcare-cpu.lock java -cp "$jar" org.jcare.bench.recipe.RecipeExperiment --holdout rows --seed "$seed" \
          --patches "$patches" "${args[@]}" --json "$out"
    done
  done
done
