#!/usr/bin/env bash
# Partitioned simulate against the plain engine: CUBA and COBA at SCALE x (default 10) the neurons, 1 s of
# biological time, --threads 1, the plain engine (no mpiexec), mpiexec -n 1 and mpiexec -n 2, each REPEATS
# times (default 2). Prints one line per run: network, how, run seconds, wall s per simulated s, peak memory
# per rank (MiB, VmHWM), communication share per rank, spikes; and checks that spikes.csv is the same bytes.
#   bench/spiking/partition/run.sh [SCALE] [REPEATS] [DELAY_MS]
# PARTITIONS="round-robin blocks" runs the 2-rank case once per partition listed (default: round-robin only).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
scale="${1:-10}"; repeats="${2:-2}"; delay="${3:-}"
partitions="${PARTITIONS:-round-robin}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 "$here/make_networks.py" "$scale" "$out" $delay
"$root/neurosharp" --help > /dev/null
export NEUROSHARP_NO_BUILD=1
summary() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
m = json.load(open(sys.argv[1] + "/metrics.json"))
ranks = m.get("rankFigures")
if ranks:
    mem = "/".join(f'{r["peakMemoryMiB"]:.0f}' for r in ranks)
    comm = "/".join(f'{100 * r["communicationSeconds"] / r["runSeconds"]:.0f}%' for r in ranks)
else:
    mem, comm = sys.argv[3], "-"
print(f'{sys.argv[2]:<28} run {m["runSeconds"]:8.2f} s  wall/bio {m["wallPerBiologicalSecond"]:7.3f}  mem {mem:>9} MiB  comm {comm:>9}  '
      f'window {m.get("exchangeWindowSteps", "-")}  spikes {m["spikes"]}  synapses {m["synapses"]}')
PY
}
for net in "$out"/*.json; do
  name="$(basename "$net" .json)"
  for k in $(seq "$repeats"); do
    /usr/bin/time -f "%M" -o "$out/time.txt" "$root/neurosharp" simulate "$net" --threads 1 --out "$out/$name-plain" --quiet > /dev/null
    summary "$out/$name-plain" "$name plain" "$(( $(cat "$out/time.txt") / 1024 ))"
    runs=("1 round-robin"); for p in $partitions; do runs+=("2 $p"); done
    for run in "${runs[@]}"; do
      read -r n p <<< "$run"
      label="$name mpiexec -n $n"; [ "$n" = 1 ] || [ "$partitions" = round-robin ] || label="$label $p"
      mpiexec -n "$n" "$root/neurosharp" simulate "$net" --threads 1 --partition "$p" --out "$out/$name-mpi$n-$p" --quiet > /dev/null
      summary "$out/$name-mpi$n-$p" "$label" ""
      cmp -s "$out/$name-plain/spikes.csv" "$out/$name-mpi$n-$p/spikes.csv" || echo "  spikes.csv differs from the plain engine's!"
    done
  done
done
