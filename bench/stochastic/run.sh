#!/usr/bin/env bash
# AND + popcount throughput of NeuroSharp (dispatched path, AVX2 path, scalar twin) against NumPy on the same
# machine in one run, then the column's samples per second on MNIST. Results: out/bench-stochastic/*.json.
# Usage: bench/stochastic/run.sh [--rows N]   (N MNIST training rows for the column; default 60000)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/out/bench-stochastic"
mkdir -p "$out"
proj="$here/NeuroSharp.Bench.Stochastic/NeuroSharp.Bench.Stochastic.csproj"
dotnet build "$proj" -c Release --nologo -v quiet > "$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
dll="$here/NeuroSharp.Bench.Stochastic/bin/Release/net10.0/NeuroSharp.Bench.Stochastic.dll"
python="${PYTHON:-/usr/bin/python3}"
lscpu | grep -E "Model name|^CPU\(s\)" || true
echo "== NeuroSharp, widest path"
dotnet "$dll" bits --out "$out/dotnet-bits.json"
echo "== NeuroSharp, AVX-512 switched off (DOTNET_EnableAVX512=0: the AVX2 path)"
DOTNET_EnableAVX512=0 dotnet "$dll" bits --out "$out/dotnet-bits-avx2.json"
echo "== NumPy ($python)"
"$python" "$here/numpy_bits.py" --out "$out/numpy-bits.json"
echo "== NeuroSharp column"
dotnet "$dll" column "$@" --out "$out/dotnet-column.json"
echo "Results in $out"
