#!/usr/bin/env bash
# Issue 21's GPU figures in one command (docs/gpu.md, "Measuring on a lent GPU"):
#   bench/gpu/run-all.sh APP_DIR OUT_DIR [--tiny] [--budget-s S] [--mnist DIR]
# APP_DIR holds a publish of the CLI (NeuroSharp.Cli.dll; bench/gpu/pack.sh packs one into .gpu/app.tgz); the .NET
# host is $DOTNET, else `dotnet` on PATH. MNIST is read from --mnist DIR (default .gpu/mnist in this checkout, which
# pack.sh fills from the data cache), never downloaded.
#
# Parts, cheapest and most important first; each appends its JSON to OUT_DIR as soon as it ends, so a
# timeout loses only the part that was running:
#   1  COBA 1x  (4 000 neurons), 1 s simulated, device against the CPU engine (all cores), atomic delivery
#   2  COBA 10x (40 000), the same
#   3  COBAHH 1x (examples/networks/cobahh.json: 4 000 Hodgkin-Huxley neurons), 1 s, the same (Brian2GeNN's and
#      GeNN's benchmark)
#   4  COBAHH 10x (40 000), the same
#   5  STDP-MNIST 6 400 neurons, calibration: 20 training, 20 labelling, 20 test images (times per image)
#   6  COBA 100x (400 000): device 1 s; the CPU engine shortened to 100 ms simulated (the row says so)
#   7  COBAHH 100x (400 000): the same
#   8  STDP-MNIST 6 400 neurons, bounded: as many training images as the budget left allows (from part 5's
#      times), labelled with the same images, tested on the first T test images: NOT the paper's protocol
#      (60 000 images, several epochs); the row says how many images it saw
#   9  COBA 1000x (4 000 000): device 1 s; the CPU engine shortened to 10 ms simulated
#   10 COBA ordered delivery (the CPU's sums) at 1x and 100x: the other delivery kernel's bandwidth
# A part that its estimated time does not fit in the budget left is skipped, and says so in run-all.log.
# COBAHH's rows go to coba.jsonl with COBA's (their part names say which), so OUT_DIR keeps at most 7 files.
#
# Estimate on one H100 (not measured yet; see docs/gpu.md): 1 about 15 s, 2 about 30 s, 3 about 20 s, 4 about
# 30 s, 5 about 60 s, 6 about 60 s, 7 about 60 s, 9 about 150 s, 10 about 60 s, and 8 takes what is left of the
# budget (default 520 s) less the reserves of 9 and 10: about 9 minutes in all, inside the device's 10-minute
# limit per command.
#
# OUT_DIR receives at most 7 files (the device tool brings back 8): run-all.log, environment.txt,
# coba.jsonl, stdp-mnist.jsonl, and, when python3 is present, coba.csv, stdp-mnist.csv, summary.md.
# Large outputs (STDP-MNIST's model file, 20 MB) go to a scratch folder ($TMPDIR) and are not kept.
#
# --tiny: the same parts on ILGPU's CPU accelerator (NEUROSHARP_GPU_SIMULATOR=1) at tiny sizes (COBA and COBAHH at a
# tenth of their neurons with the same in-degree, x 1, 2, 4, 8 for 2 ms; STDP-MNIST with 20 neurons and a few images):
# checks the script end to end on a machine without a GPU. Its numbers say nothing about a GPU.
set -uo pipefail

usage() { echo "usage: run-all.sh APP_DIR OUT_DIR [--tiny] [--budget-s S] [--mnist DIR]" >&2; exit 2; }
[ $# -ge 2 ] || usage
app=$(cd "$1" && pwd) || { echo "run-all.sh: APP_DIR $1 is not a folder." >&2; exit 2; }
mkdir -p "$2" && out=$(cd "$2" && pwd) || { echo "run-all.sh: cannot create OUT_DIR $2." >&2; exit 2; }
shift 2
tiny=0
budget=520
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mnist="$here/../../.gpu/mnist"
while [ $# -gt 0 ]; do
  case "$1" in
    --tiny) tiny=1; shift ;;
    --budget-s) budget=${2:?--budget-s needs seconds}; shift 2 ;;
    --mnist) mnist=${2:?--mnist needs a folder}; shift 2 ;;
    *) echo "run-all.sh: unknown option $1." >&2; usage ;;
  esac
done
[ -f "$app/NeuroSharp.Cli.dll" ] || { echo "run-all.sh: $app/NeuroSharp.Cli.dll is missing; unpack bench/gpu/pack.sh's .gpu/app.tgz there (or dotnet publish src/NeuroSharp.Cli -o APP_DIR)." >&2; exit 2; }
case "$budget" in ''|*[!0-9]*) echo "run-all.sh: --budget-s must be whole seconds (got $budget)." >&2; exit 2 ;; esac
root=$(cd "$here/../.." && pwd)
dotnet=${DOTNET:-dotnet}
work=$(mktemp -d "${TMPDIR:-/tmp}/run-all.XXXXXX")
log="$out/run-all.log"
: > "$log"
export NEUROSHARP_MNIST_DIR
NEUROSHARP_MNIST_DIR=$(cd "$mnist" 2>/dev/null && pwd) || NEUROSHARP_MNIST_DIR=""
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$tiny" = 1 ]; then export NEUROSHARP_GPU_SIMULATOR=1; fi
start=$SECONDS

say() { echo "[$(date -u +%H:%M:%S) +$((SECONDS - start))s] $*" | tee -a "$log" >&2; }
left() { echo $((budget - (SECONDS - start))); }
summarise() { command -v python3 > /dev/null && python3 "$here/summarise.py" "$out" >> "$log" 2>&1; return 0; }

# runs one part: NAME ESTIMATE_S CAP_S JSONL -- ARGS...; the JSON on stdout goes, on one line, to OUT_DIR/JSONL
part() {
  local name=$1 estimate=$2 cap=$3 jsonl=$4
  shift 5
  local remaining
  remaining=$(left)
  if [ "$remaining" -lt "$estimate" ]; then
    say "SKIPPED $name: about ${estimate} s needed, ${remaining} s of the budget left"
    return 1
  fi
  local limit=$(( cap < remaining ? cap : remaining ))
  say "START $name (estimate ${estimate} s, limit ${limit} s): neurosharp $*"
  local t0=$SECONDS
  timeout -k 10 "$limit" "$dotnet" "$app/NeuroSharp.Cli.dll" "$@" > "$work/$name.json" 2>> "$log"
  local rc=$?
  local wall=$((SECONDS - t0))
  if [ $rc -eq 0 ] && [ -s "$work/$name.json" ]; then
    # one line per part, with the part's name and its whole wall time (start-up, build and JIT included)
    { printf '{"part":"%s","wallSeconds":%d,"result":' "$name" "$wall"; tr -d '\n' < "$work/$name.json"; echo '}'; } >> "$out/$jsonl"
    say "END $name: ${wall} s"
    summarise
    return 0
  fi
  [ $rc -eq 124 ] && say "TIMEOUT $name after ${wall} s (limit ${limit} s)" || say "FAILED $name: exit $rc after ${wall} s"
  cat "$work/$name.json" >> "$log" 2>/dev/null
  return 1
}

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "mode: $([ "$tiny" = 1 ] && echo "tiny (ILGPU's CPU accelerator)" || echo gpu)"
  echo "budget_s: $budget"
  echo "host: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "commit: $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "dotnet: $("$dotnet" --list-runtimes 2>/dev/null | grep NETCore.App | head -1)"
  command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=name,memory.total,clocks.max.memory,clocks.max.sm,driver_version,pcie.link.gen.max --format=csv
  echo "mnist: ${NEUROSHARP_MNIST_DIR:-none} $(ls "$NEUROSHARP_MNIST_DIR" 2>/dev/null | tr '\n' ' ')"
} > "$out/environment.txt" 2>&1
say "run-all.sh: budget ${budget} s, output in $out, scratch in $work"

if [ "$tiny" = 1 ]; then
  # COBA and COBAHH at a tenth of their neurons, the probability x 10: the same in-degree (80), 400 neurons at 1x
  for name in coba cobahh; do
    python3 - "$root/examples/networks/$name.json" "$work/$name.json" <<'PY' || { say "tiny: python3 is needed to write the small $name"; exit 1; }
import json, sys
spec = json.load(open(sys.argv[1]))
for p in spec["populations"]: p["count"] //= 10
for p in spec["projections"]: p["connectivity"]["probability"] *= 10
json.dump(spec, open(sys.argv[2], "w"), indent=1)
PY
  done
  net="$work/coba.json"; nethh="$work/cobahh.json"; ms=2; s1=1; s2=2; s3=4; s4=8; short3=1; short4=1
  mnist_n=20; calib=2; mnist_param=(--param presentationMs=20 --param restMs=5); t_est=(5 5 5 5 5 5 5); hh_est=(5 5 5)
else
  net="$root/examples/networks/coba.json"; nethh="$root/examples/networks/cobahh.json"; ms=1000; s1=1; s2=10; s3=100; s4=1000; short3=100; short4=10
  mnist_n=6400; calib=20; mnist_param=(); t_est=(15 30 60 60 60 150 60); hh_est=(20 30 60)
fi
common=(--threads 0 --json)  # not --quiet: the progress lines go to stderr, into run-all.log

coba() { # NAME ESTIMATE CAP SCALE CPU_SHORT_MS DELIVERY [NETWORK]
  part "$1" "$2" "$3" coba.jsonl -- bench gpu --device gpu --network "${7:-$net}" --scales "$4" --duration-ms "$ms" \
    --cpu-max-scale "$([ "$5" = 0 ] && echo "$4" || echo 0)" --cpu-short-ms "$5" --delivery "$6" --out "$work/out-$1" "${common[@]}"
}
mnist_run() { # NAME ESTIMATE CAP SAMPLES LABEL TEST
  part "$1" "$2" "$3" stdp-mnist.jsonl -- experiment run stdp-mnist --device gpu --delivery atomic --neurons "$mnist_n" \
    --samples "$4" --checkpoint-every "$4" --param labelSamples="$5" --param testSamples="$6" "${mnist_param[@]}" \
    --out "$work/out-$1" "${common[@]}"
}

coba coba-1x "${t_est[0]}" 120 "$s1" 0 atomic
coba coba-10x "${t_est[1]}" 180 "$s2" 0 atomic
coba cobahh-1x "${hh_est[0]}" 120 "$s1" 0 atomic "$nethh"
coba cobahh-10x "${hh_est[1]}" 180 "$s2" 0 atomic "$nethh"
mnist_run stdp-mnist-calibration "${t_est[2]}" 240 "$calib" "$calib" "$calib"
coba coba-100x "${t_est[3]}" 240 "$s3" "$short3" atomic
coba cobahh-100x "${hh_est[2]}" 240 "$s3" "$short3" atomic "$nethh"

# Part 8: the bounded STDP-MNIST run, sized from part 5's times to what the budget leaves after the reserves of 6 and 7.
reserve=$(( t_est[5] + t_est[6] + 15 ))
sizing=$(python3 - "$out/stdp-mnist.jsonl" "$(left)" "$reserve" "$calib" <<'PY' 2>> "$log"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
cal = [r for r in rows if r["part"] == "stdp-mnist-calibration"][-1]
m, wall = cal["result"], cal["wallSeconds"]
n = int(sys.argv[4])
train = m["trainSeconds"] / max(1, m["trainedSamplesThisRun"])          # s per training image
respond = m["respondSeconds"] / max(1, m["labelSamples"] + m["testSamples"])  # s per frozen image
fixed = max(0.0, wall - m["trainSeconds"] - m["respondSeconds"])        # start-up, MNIST, build, JIT, files
avail = int(sys.argv[2]) - int(sys.argv[3]) - fixed
test = 1000
samples = (avail - test * respond) / (train + respond)
if samples < 200:  # fewer test images before fewer training images
    test = 200
    samples = (avail - test * respond) / (train + respond)
samples = int(min(60000, samples))
if samples < n: print("0 0 0 0")
else: print(samples, samples, test, int(avail + fixed))
PY
) || sizing="0 0 0 0"
read -r m_samples m_label m_test m_estimate <<< "$sizing"
if [ "${m_samples:-0}" -gt 0 ]; then
  [ "$tiny" = 1 ] && { m_samples=$calib; m_label=$calib; m_test=$calib; }
  say "stdp-mnist-bounded: $m_samples training images (labelled with the same), $m_test test images, about ${m_estimate} s"
  mnist_run stdp-mnist-bounded "$(( m_estimate * 8 / 10 ))" "$(( m_estimate + 30 ))" "$m_samples" "$m_label" "$m_test"
else
  say "SKIPPED stdp-mnist-bounded: no calibration, or the budget left allows too few images"
fi

coba coba-1000x "${t_est[5]}" 300 "$s4" "$short4" atomic
coba coba-ordered-1x "$(( t_est[6] / 3 ))" 120 "$s1" 0 ordered
coba coba-ordered-100x "$(( t_est[6] * 2 / 3 ))" 240 "$s3" "$short3" ordered

summarise
say "run-all.sh: done in $((SECONDS - start)) s"
rm -rf "$work"
