#!/usr/bin/env bash
# Same seed, same bytes: runs a fixed set of commands (cluster, metacluster, train one epoch, simulate on
# every example network, stdp-mnist --quick, hash, column) on the committed MNIST subset and compares the
# sha256 of every file they write with tools/golden/sums.txt. A refactoring that changes no behaviour must
# leave every sum as it was. PNG pictures and the timings in metrics.json are left out: they carry
# wall-clock times or depend on the machine's fonts, and so do the thread counts and the device it records.
#   tools/golden/run.sh            compare (exit 1 and list the files that differ)
#   tools/golden/run.sh --record   write sums.txt anew (only for a change that is meant to change results)
# The sums were recorded on this project's machines (x86-64 with AVX-512); another SIMD width may round
# differently, so record them again on such a machine before comparing there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mktemp -d)"
sums="$(mktemp)"
trap 'rm -rf "$out" "$sums" "$sums.diff"' EXIT
export NEUROSHARP_MNIST_DIR="$root/tests/data/mnist-subset"
"$root/neurosharp" --help > /dev/null   # build once
export NEUROSHARP_NO_BUILD=1

run() {
  local name="$1"; shift
  "$root/neurosharp" "$@" --out "$out/$name" --seed 1 --quiet > /dev/null
}
run cluster cluster --data mnist --clusters 10 --samples 2000
run metacluster metacluster --data mnist --meta 2 --clusters 5 --samples 2000
run train train --layers 784,32,10 --rule dfa --data mnist --test mnist:test --epochs 1
# Relative paths: metrics.json records the network's path, which must not depend on where the clone is.
cd "$root"
for net in examples/networks/*.json; do
  run "simulate-$(basename "$net" .json)" simulate "$net" --duration-ms 100
done
run stdp-mnist experiment run stdp-mnist --quick
run hash hash --data mnist --rows 500
run column column --data mnist --rows 500 --test mnist:test

# metrics.json without its timing lines (keys that hold seconds, milliseconds of wall time or rates per second) and the machine's (threads, device).
(cd "$out" && find . -type f ! -name '.*' ! -name '*.png' ! -name 'report.html' | LC_ALL=C sort | while read -r f; do
  if [ "$(basename "$f")" = metrics.json ]; then
    printf '%s  %s\n' "$(grep -viE '"[a-zA-Z0-9]*(seconds|elapsed|persecond|wall|timing|threads|device)[a-zA-Z0-9]*"' "$f" | sha256sum | cut -d' ' -f1)" "$f"
  else
    sha256sum "$f"
  fi
done) > "$sums"

if [ "${1:-}" = "--record" ]; then
  cp "$sums" "$here/sums.txt"
  echo "recorded $(wc -l < "$here/sums.txt") sums in tools/golden/sums.txt"
elif diff "$here/sums.txt" "$sums" > "$sums.diff"; then
  echo "golden: all $(wc -l < "$here/sums.txt") files identical"
else
  echo "golden: files differ from tools/golden/sums.txt:" >&2
  cat "$sums.diff" >&2
  exit 1
fi
