#!/usr/bin/env bash
# The lecture's experiment (article 001, docs/articles.md#article-001-backprop-in-the-brain): 784-800-800-10, ReLU, 50 % dropout, MNIST, every rule with the
# same settings; two runs at a time (one thread each), niced. Resumable: rerun to continue after a stop.
#
#   bench/learning/lecture.sh [EPOCHS] [OUT_DIR]      (default 50 epochs, out/lecture)
#   python3 bench/learning/lecture_table.py out/lecture   -> the markdown table of docs/results.md
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
epochs="${1:-50}"
out="${2:-$root/out/lecture}"
dotnet build "$root/src/NeuroSharp.Cli" -c Release --nologo -v quiet > /dev/null
cli="$root/src/NeuroSharp.Cli/bin/Release/net10.0/NeuroSharp.Cli.dll"
run() {
  local name=$1; shift
  mkdir -p "$out/$name"
  local args=(train --layers 784,800,800,10 --rate 0.01 --epochs "$epochs" --seed 1 --threads 1 --out "$out/$name" "$@")
  echo "neurosharp ${args[*]}" > "$out/$name/command.txt"
  nice -n 10 dotnet "$cli" "${args[@]}" --resume > "$out/$name/log.txt" 2>&1
}
lane() { for cfg in "$@"; do eval "run $cfg"; done; }
d="--dropout 0.5"
lane "bp --rule bp $d" "fa --rule fa $d" "adaptive --rule adaptive $d" "adaptive-pretrain --rule adaptive $d --pretrain --pretrain-epochs 2" &
lane "dfa --rule dfa $d" "temporal --rule temporal $d" "temporal-pretrain --rule temporal $d --pretrain --pretrain-epochs 2" "bp-pretrain --rule bp $d --pretrain --pretrain-epochs 2" &
lane "bp-nodropout --rule bp --dropout 0" "bp-spikes --rule bp --dropout 0 --spikes 4" &
wait
python3 "$here/lecture_table.py" "$out"
