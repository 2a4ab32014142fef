#!/usr/bin/env bash
# Seconds per epoch of the lecture's network (784-800-800-10, ReLU, 50 % dropout, batch 100, SGD with
# momentum) in NeuroSharp and in PyTorch's CPU build (Debian python3-torch), one after the other on
# the same machine, plus the GEMM's GFLOP/s against the measured FMA peak of one core.
#
#   bench/learning/compare.sh [OUT_DIR]
#
# Environment: THREADS (default "1 2"), RULES (default "bp fa dfa"), PYTHON (default /usr/bin/python3),
# REFERENCE_BLAS=0 skips PyTorch on Debian's default BLAS (about 2 minutes an epoch),
# OPENBLAS_DIR: a folder holding OpenBLAS's libblas.so.3 (e.g. from `apt-get download
# libopenblas0-pthread` + `dpkg -x`) to also time PyTorch on OpenBLAS instead of Debian's default
# reference BLAS, without changing the system's BLAS alternative.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/out/bench-learning}"
mkdir -p "$out"
[ -n "${APPEND:-}" ] || rm -f "$out/epoch-table.md"
threads="${THREADS:-1 2}"
rules="${RULES:-bp fa dfa}"
python="${PYTHON:-/usr/bin/python3}"

dotnet build "$root/src/NeuroSharp.Cli" -c Release --nologo -v quiet > /dev/null
dotnet build "$here/NeuroSharp.Learning.Bench" -c Release --nologo -v quiet > /dev/null
cli="$root/src/NeuroSharp.Cli/bin/Release/net10.0/NeuroSharp.Cli.dll"
bench="$here/NeuroSharp.Learning.Bench/bin/Release/net10.0/NeuroSharp.Learning.Bench.dll"

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/machine.txt"
for t in $threads; do
  dotnet "$bench" --threads "$t" --seconds 1 | tee "$out/gemm-threads$t.txt"
done

# The faster of epochs 2 and 3 of a 3-epoch run (epoch 1 includes the JIT's warm-up; the better of two
# because the machine is shared); training time only, test evaluation excluded. PyTorch on the default
# reference BLAS is slow enough that one epoch is timed.
row() { printf '| %-34s | %-5s | %7s | %8s |\n' "$1" "$2" "$3" "$4"; }
[ -f "$out/epoch-table.md" ] || {
  row "implementation" "rule" "threads" "s/epoch"
  row "---" "---" "---" "---"
} > "$out/epoch-table.md"
for rule in $rules; do
  for t in $threads; do
    json=$(dotnet "$cli" train --rule "$rule" --layers 784,800,800,10 --dropout 0.5 --rate 0.01 --epochs 3 --threads "$t" --out "$out/ns-$rule-$t" --json)
    s=$(echo "$json" | "$python" -c 'import json,sys; print(min(h["seconds"] for h in json.load(sys.stdin)["history"][1:]))')
    row "NeuroSharp ($(echo "$json" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["gemm"])') GEMM)" "$rule" "$t" "$s" | tee -a "$out/epoch-table.md"
    if [ -n "${OPENBLAS_DIR:-}" ]; then
      s=$(LD_LIBRARY_PATH="$OPENBLAS_DIR" OPENBLAS_NUM_THREADS="$t" "$python" "$here/torch_mlp.py" --rule "$rule" --epochs 3 --threads "$t" --rate 0.01 | tail -n 2 | "$python" -c 'import json,sys; print(min(json.loads(l)["seconds"] for l in sys.stdin))')
      row "PyTorch $("$python" -c 'import torch; print(torch.__version__)') + OpenBLAS" "$rule" "$t" "$s" | tee -a "$out/epoch-table.md"
    fi
    if [ "${REFERENCE_BLAS:-1}" != 0 ]; then
      s=$("$python" "$here/torch_mlp.py" --rule "$rule" --epochs 1 --threads "$t" --rate 0.01 | tail -n 1 | "$python" -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
      row "PyTorch $("$python" -c 'import torch; print(torch.__version__)') (Debian default BLAS)" "$rule" "$t" "$s" | tee -a "$out/epoch-table.md"
    fi
  done
done
echo "wrote $out/epoch-table.md"
