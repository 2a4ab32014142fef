#!/usr/bin/env bash
# One script run, same machine, same MNIST rows: NeuroSharp's online clusterers against scikit-learn's
# MiniBatchKMeans.partial_fit. Needs Debian's python3-sklearn (installed here if missing).
# Usage: bench/clustering/run.sh [ROWS]     -> a markdown table on stdout, raw JSON in out/bench/
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rows="${1:-60000}"
if ! /usr/bin/python3 -c "import sklearn" 2>/dev/null; then
  (apt-get install -y -qq python3-sklearn || sudo apt-get install -y -qq python3-sklearn) >&2
fi
mkdir -p "$root/out/bench"
"$root/neurosharp" data fetch mnist > /dev/null
mnist="$("$root/neurosharp" data fetch mnist)"
"$root/neurosharp" bench clustering --rows "$rows" --out "$root/out/bench" --json > "$root/out/bench/neurosharp.json"
for b in 1024 256; do
  /usr/bin/python3 "$root/bench/clustering/sklearn_minibatch.py" --mnist-dir "$mnist" --rows "$rows" --batch "$b" > "$root/out/bench/sklearn-$b.json"
done
/usr/bin/python3 - "$root/out/bench" <<'PY'
import json, sys, os, platform
d = sys.argv[1]
ns = json.load(open(os.path.join(d, "neurosharp.json")))
rows = ns["results"] + [json.load(open(os.path.join(d, f))) for f in sorted(os.listdir(d)) if f.startswith("sklearn-")]
print(f"{ns['rows']} MNIST rows x {ns['inputs']}, one pass, {ns['cores']} cores ({platform.processor() or platform.machine()})\n")
print("| implementation | rows/s | inertia/row |")
print("|---|---:|---:|")
for r in rows:
    inertia = f"{r['inertiaPerRow']:.3f}" if "inertiaPerRow" in r else "-"
    print(f"| {r['name']} | {r['rowsPerSecond']:,} | {inertia} |")
PY
