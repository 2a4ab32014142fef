#!/usr/bin/env bash
# Evaluations per second of `neurosharp evolve`, per task and thread count (docs/results.md, "Evaluations per second
# per task and thread count"): one fixed, short evolve command per task, run at --threads 1 and then 2, one run at a
# time, each timed by GNU time; prints a markdown table from each run's metrics.json. About 1.5 minutes on two idle cores (81 s measured)
# (14 runs of 3 to 60 s each; the run in docs/results.md took 5.7 minutes at a load average of 7 to 12).
#
#   bench/evolution/evals-per-second.sh [OUT]        e.g. out/evals-per-second (the default)
#
# Environment: NEUROSHARP (the command, default `dotnet src/NeuroSharp.Cli/bin/Release/net10.0/NeuroSharp.Cli.dll`;
# build it first with `dotnet build src/NeuroSharp.Cli -c Release`), THREADS (the thread counts, default "1 2"),
# TASKS (a subset of the task names below). Writes OUT/TASK-tT/ (the run's files) and OUT/TASK-tT.time (wall, user, sys s).
#
# Columns: evaluations / the run's own seconds (metrics.json `seconds`: the generations, each generation's champion
# tests included, without the process's start), the same over wall and CPU seconds of the whole process (GNU time:
# start-up and JIT included), and metrics.json's `evaluationsPerSecond` (the mean of the generations' own rates).
set -u
out=${1:-out/evals-per-second}
cmd=${NEUROSHARP:-dotnet src/NeuroSharp.Cli/bin/Release/net10.0/NeuroSharp.Cli.dll}
threads=${THREADS:-1 2}
# One fixed setting per task (NEAT unless named; the pole and worm circuits as their results.md sections tune them), each
# ending at its first solution or its generations; double-pole-nv is the 50-seed benchmark's setting on seed 2, which
# spends all 4 800 evaluations.
declare -A setting=(
  [xor]="--task xor --generations 100 --seed 1"
  [single-pole]="--task single-pole --generations 100 --seed 1"
  [double-pole]="--task double-pole --generations 60 --seed 1"
  [double-pole-nv]="--task double-pole-nv --algorithm cosyne --circuit --sensor-code linear --generations 1000 --max-evaluations 4800 --seed 2"
  [worm-klinotaxis]="--task worm-klinotaxis --algorithm cmaes --circuit --generations 40 --seed 1"
  [worm-withdrawal]="--task worm-withdrawal --population 40 --generations 15 --seed 1"
  [touch-reflex]="--task touch-reflex --population 60 --generations 100 --seed 2"
)
order=(xor single-pole double-pole double-pole-nv worm-klinotaxis worm-withdrawal touch-reflex)
tasks=${TASKS:-${order[*]}}
mkdir -p "$out"
echo "Load before: $(uptime)" >&2
for task in $tasks; do
  [ -n "${setting[$task]:-}" ] || { echo "evals-per-second.sh: TASKS names '$task', which is not one of: ${order[*]}." >&2; exit 2; }
  for t in $threads; do
    rm -rf "$out/$task-t$t"
    /usr/bin/time -f "%e %U %S" -o "$out/$task-t$t.time" $cmd evolve ${setting[$task]} --threads "$t" --out "$out/$task-t$t" --json --quiet \
      > "$out/$task-t$t.log" 2>&1 || echo "evals-per-second.sh: $task at --threads $t failed; see $out/$task-t$t.log" >&2
  done
done
echo "Load after: $(uptime)" >&2
echo "| Task | Setting | Threads | Generations | Evaluations | Run s | Evaluations per run second | Wall s | CPU s | Evaluations per wall second | per CPU second | metrics.json evaluationsPerSecond |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for task in $tasks; do
  for t in $threads; do
    m="$out/$task-t$t/metrics.json"
    [ -f "$m" ] || { echo "| $task | \`${setting[$task]}\` | $t | failed | | | | | | | | |"; continue; }
    read -r wall user sys < <(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+$' "$out/$task-t$t.time")
    # Rates to 3 significant digits at most, whole numbers from 100 up.
    jq -r --arg task "$task" --arg s "${setting[$task]}" --arg t "$t" --arg w "$wall" --arg c "$(echo "$user + $sys" | bc)" \
      'def r: if . >= 100 then round elif . >= 10 then (. * 10 | round) / 10 else (. * 100 | round) / 100 end;
      "| \($task) | `\($s)` | \($t) | \(.generations) | \(.evaluations) | \(.seconds) | \(.evaluations / .seconds | r) | \($w) | \($c) | \(.evaluations / ($w|tonumber) | r) | \(.evaluations / ($c|tonumber) | r) | \(.evaluationsPerSecond) |"' "$m"
  done
done
