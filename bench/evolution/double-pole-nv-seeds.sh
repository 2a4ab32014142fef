#!/usr/bin/env bash
# The double-pole-nv benchmark of docs/results.md ("Double pole without velocities: the seed benchmark with IPOP-CMA-ES"):
# one `neurosharp evolve` per seed, at most two at a time, one thread each, niced, each bounded by `timeout -s INT`,
# with wall and CPU time per run (GNU time). A stopped run can be continued with the same command plus --resume.
#
#   bench/evolution/double-pole-nv-seeds.sh FIRST LAST [OUT]       e.g. 1 50 out/dpnv-bench
#
# Environment: NEUROSHARP (the command, default `dotnet src/NeuroSharp.Cli/bin/Release/net10.0/NeuroSharp.Cli.dll`),
# SETTING (the evolve options before --seed, default the IPOP-CMA-ES setting below), JOBS (parallel runs, default 2),
# BOUND (seconds per run for timeout -s INT, default 900), EXTRA (more evolve options,
# e.g. --resume). Writes OUT/seed-S/ (the run's files), OUT/seed-S.time (wall, user, sys seconds) and OUT/runs.csv
# (bench/evolution/runs-csv.sh; bench/evolution/summarise.py OUT/runs.csv prints the summary).
set -u
first=${1:?first seed}; last=${2:?last seed}; out=${3:-out/dpnv-bench}
cmd=${NEUROSHARP:-dotnet src/NeuroSharp.Cli/bin/Release/net10.0/NeuroSharp.Cli.dll}
jobs=${JOBS:-2}; bound=${BOUND:-900}; extra=${EXTRA:-}
# The one setting of the benchmark (SETTING replaces it, e.g. NEAT's runs in docs/results.md).
setting=${SETTING:-"--task double-pole-nv --algorithm cmaes --circuit --sensor-code linear --population 16 --restarts 4 --generations 1000 --max-evaluations 4800"}
mkdir -p "$out"
run_seed() {
  local s=$1
  nice -n 10 /usr/bin/time -f "%e %U %S" -o "$out/seed-$s.time" \
    timeout -s INT "$bound" $cmd evolve $setting --seed "$s" --threads 1 --out "$out/seed-$s" --json --quiet $extra \
    > "$out/seed-$s.log" 2>&1
}
export -f run_seed; export out cmd setting bound extra
seq "$first" "$last" | xargs -P "$jobs" -I{} bash -c 'run_seed {}'
"$(dirname "$0")/runs-csv.sh" "$first" "$last" "$out"
cat "$out/runs.csv"
