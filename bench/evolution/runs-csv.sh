#!/usr/bin/env bash
# Collects the runs of bench/evolution/double-pole-nv-seeds.sh into OUT/runs.csv (one line per seed with a metrics.json):
#   bench/evolution/runs-csv.sh FIRST LAST OUT
# Wall and CPU seconds add up every OUT/seed-S*.time (GNU time's "wall user sys" line; a resumed run has one per part).
set -u
first=${1:?first seed}; last=${2:?last seed}; out=${3:?out folder}
echo "seed,solved,evaluations_to_solve,evaluations,generalisation,champion_fitness,restarts,population_at_end,generations,wall_s,cpu_s,evals_per_cpu_s,parts" > "$out/runs.csv"
for s in $(seq "$first" "$last"); do
  m="$out/seed-$s/metrics.json"
  [ -f "$m" ] || continue
  read -r wall cpu parts < <(cat "$out"/seed-"$s".time "$out"/seed-"$s".*.time 2>/dev/null | grep -E '^[0-9.]+ [0-9.]+ [0-9.]+$' |
    awk '{w += $1; c += $2 + $3; n++} END {printf "%.2f %.2f %d\n", w, c, n}')
  jq -r --arg w "$wall" --arg c "$cpu" --arg n "$parts" \
    '[.seed, .solved, (.evaluationsToSolve // ""), .evaluations, (.generalisation // ""), .championFitness, .restarts, .population, .generations,
      ($w|tonumber), ($c|tonumber), ((.evaluations / ($c|tonumber)) * 10 | round / 10), ($n|tonumber)] | @csv' "$m" >> "$out/runs.csv"
done
