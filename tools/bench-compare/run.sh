#!/usr/bin/env bash
# Speed before and after a change, in one run on one machine: builds BASE (a commit; default: the
# commit before the working tree's HEAD... pass one) in a temporary worktree beside the current tree,
# then measures both, interleaved, ROUNDS times (default 3), and prints the median of each:
#   - CUBA and COBA (examples/networks): simulated steps per second of wall time, --threads 1 and all cores
#   - clustering: rows per second of `neurosharp bench clustering` (committed MNIST subset, 1 000 rows)
#   - GEMM: GFLOP/s per shape of bench/learning/NeuroSharp.Learning.Bench, one thread
# A shared, 2-core machine is noisy: compare medians, and call nothing a change that the rounds' spread covers.
#   tools/bench-compare/run.sh BASE [ROUNDS]
set -euo pipefail
base="${1:?usage: tools/bench-compare/run.sh BASE-COMMIT [ROUNDS]}"
rounds="${2:-3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'git -C "$here" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$here" worktree add -q --detach "$work/base" "$base"
export NEUROSHARP_MNIST_DIR="$here/tests/data/mnist-subset"

build() {
  dotnet build "$1/src/NeuroSharp.Cli" -c Release -v q --nologo > /dev/null
  dotnet build "$1/bench/learning/NeuroSharp.Learning.Bench" -c Release -v q --nologo > /dev/null
}
build "$work/base"
build "$here"

measure() { # tree label round
  local tree="$1" label="$2" cli="$1/src/NeuroSharp.Cli/bin/Release/net10.0/NeuroSharp.Cli.dll"
  for net in cuba coba; do
    for threads in 1 0; do
      dotnet "$cli" simulate "$here/examples/networks/$net.json" --duration-ms 1000 --threads "$threads" --json --out "$work/o" |
        python3 -c "import json,sys; m=json.load(sys.stdin); print('$label', '$net threads=$threads steps/s', m['steps']/m['runSeconds'])"
    done
  done
  dotnet "$cli" bench clustering --rows 1000 --json --out "$work/o" |
    python3 -c "import json,sys; [print('$label', 'clustering '+r['name']+' rows/s', r['rowsPerSecond']) for r in json.load(sys.stdin)['results']]"
  dotnet "$1/bench/learning/NeuroSharp.Learning.Bench/bin/Release/net10.0/NeuroSharp.Learning.Bench.dll" --threads 1 --json |
    python3 -c "import json,sys; d=json.load(sys.stdin); rs=d['results'] if isinstance(d,dict) else d; [print('$label', 'gemm '+r['shape']+' GFLOP/s', r['gflops']) for r in rs]"
}

for r in $(seq "$rounds"); do
  measure "$work/base" base "$r" >> "$work/all.txt"
  measure "$here" head "$r" >> "$work/all.txt"
done
python3 - "$work/all.txt" "$base" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(lambda: {"base": [], "head": []})
for line in open(sys.argv[1]):
    label, rest = line.split(" ", 1)
    name, value = rest.rsplit(" ", 1)
    rows[name][label].append(float(value))
print(f"| measure | base {sys.argv[2][:8]}: median (min-max) | head: median (min-max) | head/base |")
print("|---|---|---|---|")
for name, v in rows.items():
    b, h = v["base"], v["head"]
    mb, mh = statistics.median(b), statistics.median(h)
    print(f"| {name} | {mb:,.0f} ({min(b):,.0f}-{max(b):,.0f}) | {mh:,.0f} ({min(h):,.0f}-{max(h):,.0f}) | {mh/mb:.2f} |")
PY
