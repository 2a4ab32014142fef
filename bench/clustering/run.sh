#!/usr/bin/env bash
# One script run, same machine, same MNIST rows: NeuroSharp's competitive layer (one online pass) against
# scikit-learn's MiniBatchKMeans.fit (1 and 2 passes) and partial_fit, and FAISS k-means (1 to 8 Lloyd
# passes), at 1 thread and then at 2 threads, with the BLAS each process loaded named.
# Every run reports wall time and its process's CPU time (all threads): on a shared machine, rows per
# CPU-second at 1 thread is the fair figure; wall time at 2 threads is only as good as the machine is quiet.
# Needs Debian's python3-sklearn, python3-faiss, python3-threadpoolctl and libopenblas0-pthread (installed
# here with apt-get if missing, as ./test installs its packages); the peers are pointed at OpenBLAS.
# Bounded: at most 240 s a run and 15 minutes in all (later runs are skipped and say so).
# Usage: bench/clustering/run.sh [ROWS]     -> a markdown table on stdout, raw JSON in out/bench/
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rows="${1:-60000}"
neurosharp="${NEUROSHARP:-$root/neurosharp}"   # the CLI to measure (default: this clone's, built if needed)
packages=(python3-sklearn python3-faiss python3-threadpoolctl libopenblas0-pthread)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "run.sh: needs the Debian packages ${missing[*]}: install them (as root: apt-get install -y ${missing[*]}), then run again." >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "run.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq "${missing[@]}"; } >&2
fi
# Select OpenBLAS for the peers' processes whatever the system's libblas.so.3 alternative says: its
# folder holds a libblas.so.3 that the loader finds first. The scripts name what was actually loaded.
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
[ -e "$openblas/libblas.so.3" ] || { echo "run.sh: $openblas/libblas.so.3 is missing; install libopenblas0-pthread." >&2; exit 1; }
alternative="$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | sed -n 's/^Value: //p')"
out="$root/out/bench"
mkdir -p "$out"
rm -f "$out"/neurosharp-*.json "$out"/sklearn-*.json "$out"/faiss-*.json
mnist="$("$neurosharp" data fetch mnist 2>/dev/null | tail -n 1)"
# The whole script is bounded: each run gets at most 240 s and what is left of 15 minutes; a run that
# would start after that is skipped (and missing from the table), so a loaded machine cannot stretch it.
deadline=$((SECONDS + 900))
run() {  # run OUTFILE COMMAND...: one measured run, or none when the time is spent
  local file="$1"; shift
  local left=$((deadline - SECONDS))
  if [ $left -lt 10 ]; then echo "run.sh: skipped $(basename "$file" .json): the 15-minute budget is spent" >&2; return 0; fi
  [ $left -gt 240 ] && left=240
  timeout $left "$@" > "$file" || { echo "run.sh: $(basename "$file" .json) failed or did not finish within ${left} s" >&2; rm -f "$file"; }
}
py=(env LD_LIBRARY_PATH="$openblas" /usr/bin/python3)
for t in 1 2; do
  export OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t MKL_NUM_THREADS=$t
  run "$out/neurosharp-$t.json" "$neurosharp" bench clustering --compare --rows "$rows" --out "$out" --json --threads $t
  for n in 1 2 3 4 6 8; do
    run "$out/faiss-$n-$t.json" "${py[@]}" "$root/bench/clustering/faiss_kmeans.py" --mnist-dir "$mnist" --rows "$rows" --niter $n --threads $t
  done
  for n in 1 2; do
    run "$out/sklearn-fit$n-$t.json" "${py[@]}" "$root/bench/clustering/sklearn_minibatch.py" --mnist-dir "$mnist" --rows "$rows" --mode fit --max-iter $n --threads $t
  done
  run "$out/sklearn-partial-$t.json" "${py[@]}" "$root/bench/clustering/sklearn_minibatch.py" --mnist-dir "$mnist" --rows "$rows" --mode partial_fit --threads $t
done
/usr/bin/python3 - "$out" "$alternative" <<'PY'
import json, sys, os, platform
d, alternative = sys.argv[1], sys.argv[2]
runs = []
for t in (1, 2):
    f = os.path.join(d, f"neurosharp-{t}.json")
    if not os.path.exists(f):
        continue
    ns = json.load(open(f))
    for r in ns["results"]:
        runs.append(dict(r, threads=t, blas="none (own AVX-512 kernels)", family="ours"))
    for f in sorted(os.listdir(d)):
        if f.startswith(("sklearn-", "faiss-")) and f.endswith(f"-{t}.json") and os.path.getsize(os.path.join(d, f)) > 0:
            r = json.load(open(os.path.join(d, f)))
            r["family"] = "faiss" if f.startswith("faiss") else ("sklearn-fit" if "fit" in f and "partial" not in f else "sklearn-partial")
            runs.append(r)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"{ns['rows']} MNIST rows x {ns['inputs']}, K = 100, {ns['cores']} cores ({cpu}); system libblas.so.3 alternative: {alternative or 'none'}\n")
print("| implementation | threads | BLAS loaded | inertia/row | rows/s (wall) | rows per CPU-second | load average |")
print("|---|---:|---|---:|---:|---:|---:|")
for r in runs:
    load = f"{r['loadAverage']:.1f}" if "loadAverage" in r else "-"
    print(f"| {r['name']} | {r['threads']} | {r['blas']} | {r['inertiaPerRow']:.3f} | {r['rowsPerSecond']:,} | {r['rowsPerCpuSecond']:,} | {load} |")
print()
# At equal inertia: the peer configuration that reaches the layer's inertia per row or lower at the
# least cost, and the one just short of it (cheaper, worse inertia): the ratio lies between the two.
for t in (1, 2):
    key = "rowsPerCpuSecond" if t == 1 else "rowsPerSecond"
    unit = "rows per CPU-second" if t == 1 else "rows/s wall (machine under load)"
    for ours in (r for r in runs if r["family"] == "ours" and r["threads"] == t):
        for fam in ("faiss", "sklearn-fit"):
            peers = [r for r in runs if r["family"] == fam and r["threads"] == t]
            better = [r for r in peers if r["inertiaPerRow"] <= ours["inertiaPerRow"]]
            worse = [r for r in peers if r["inertiaPerRow"] > ours["inertiaPerRow"]]
            parts = []
            if better:
                b = max(better, key=lambda r: r[key])
                parts.append(f"{ours[key] / b[key]:.1f}x {b['name']} (inertia {b['inertiaPerRow']:.3f})")
            if worse:
                w = min(worse, key=lambda r: r["inertiaPerRow"])
                parts.append(f"{ours[key] / w[key]:.1f}x {w['name']} (inertia {w['inertiaPerRow']:.3f}, worse than ours)")
            print(f"- {t} thread(s), {unit}: {ours['name']} (inertia {ours['inertiaPerRow']:.3f}) = " + "; ".join(parts or ["no peer run"]))
PY
