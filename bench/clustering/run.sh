#!/usr/bin/env bash
# One script run, same machine, same MNIST rows: NeuroSharp's online clusterers against scikit-learn's
# MiniBatchKMeans (fit, the compiled one-pass entry point, and partial_fit) and FAISS k-means (1, 2, 4 and
# 8 Lloyd passes), each at 1 and 2 threads, with the BLAS each uses named. Needs Debian's python3-sklearn
# and python3-faiss (installed here if missing).
# Usage: bench/clustering/run.sh [ROWS]     -> a markdown table on stdout, raw JSON in out/bench/
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rows="${1:-60000}"
if ! /usr/bin/python3 -c "import sklearn, faiss" 2>/dev/null; then
  (apt-get install -y -qq python3-sklearn python3-faiss || sudo apt-get install -y -qq python3-sklearn python3-faiss) >&2
fi
mkdir -p "$root/out/bench"
"$root/neurosharp" data fetch mnist > /dev/null
mnist="$("$root/neurosharp" data fetch mnist)"
rm -f "$root/out/bench/"sklearn-*.json "$root/out/bench/"faiss-*.json
"$root/neurosharp" bench clustering --rows "$rows" --out "$root/out/bench" --json --threads 2 > "$root/out/bench/neurosharp.json"
for t in 1 2; do
  export OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t MKL_NUM_THREADS=$t
  /usr/bin/python3 "$root/bench/clustering/sklearn_minibatch.py" --mnist-dir "$mnist" --rows "$rows" --batch 1024 --mode fit --threads $t > "$root/out/bench/sklearn-fit-$t.json"
  /usr/bin/python3 "$root/bench/clustering/sklearn_minibatch.py" --mnist-dir "$mnist" --rows "$rows" --batch 1024 --mode partial_fit --threads $t > "$root/out/bench/sklearn-partial-$t.json"
  for n in 1 2 4 8; do
    /usr/bin/python3 "$root/bench/clustering/faiss_kmeans.py" --mnist-dir "$mnist" --rows "$rows" --niter $n --threads $t > "$root/out/bench/faiss-$t-$n.json"
  done
done
/usr/bin/python3 - "$root/out/bench" <<'PY'
import json, sys, os, platform
d = sys.argv[1]
ns = json.load(open(os.path.join(d, "neurosharp.json")))
rows = ns["results"] + [json.load(open(os.path.join(d, f))) for f in sorted(os.listdir(d)) if f.startswith(("sklearn-", "faiss-"))]
print(f"{ns['rows']} MNIST rows x {ns['inputs']}, one pass, {ns['cores']} cores ({platform.processor() or platform.machine()})\n")
print("| implementation | rows/s | inertia/row |")
print("|---|---:|---:|")
for r in rows:
    inertia = f"{r['inertiaPerRow']:.3f}" if "inertiaPerRow" in r else "-"
    print(f"| {r['name']} | {r['rowsPerSecond']:,} | {inertia} |")
PY
