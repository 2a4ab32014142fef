#!/usr/bin/env bash
# The cost of watching: one CUBA run (examples/networks/cuba.json) in the studio at full speed, first
# with no page attached, then with a headless Chromium page showing it (the page opens the example
# itself: /?example=cuba&speed=max&run). Both phases run in this one script on the same server;
# each counts the steps the simulation took over MEASURE seconds after WARMUP seconds.
# Usage: tools/studio-slowdown/run.sh [MEASURE=20] [WARMUP=5]   (needs curl, python3, chromium)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
measure="${1:-20}"; warmup="${2:-5}"
chromium="${NEUROSHARP_CHROMIUM:-/usr/bin/chromium}"
dll="$here/src/NeuroSharp.Cli/bin/Release/net10.0/NeuroSharp.Cli.dll"
[ -f "$dll" ] || dotnet build "$here/src/NeuroSharp.Cli" -c Release --nologo -v quiet >/dev/null
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
dotnet "$dll" studio --port "$port" --workspace "$work" > "$work/studio.log" 2>&1 &
studio=$!
browser=""
cleanup() {
  if [ -n "$browser" ]; then kill "$browser" 2>/dev/null || true; wait "$browser" 2>/dev/null || true; fi
  kill "$studio" 2>/dev/null || true; wait "$studio" 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$url/api/info" >/dev/null && break; sleep 0.2; done

steps() { # the step of the running simulation named cuba
  curl -sf "$url/api/simulations" | python3 -c 'import json,sys; print(max([s["step"] for s in json.load(sys.stdin)["simulations"] if s["name"]=="cuba" and s["running"]] or [-1]))'
}
rate() { # steps per second over $measure seconds, after $warmup
  sleep "$warmup"
  local s0 t0 s1 t1
  s0=$(steps); t0=$(date +%s.%N); sleep "$measure"; s1=$(steps); t1=$(date +%s.%N)
  python3 -c "print(round(($s1 - $s0) / ($t1 - $t0)))"
}

# 1. No page: the API alone (no WebSocket reads the frames).
id=$(curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$here/examples/networks/cuba.json" "$url/api/simulations" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sf -X POST -H 'Content-Type: application/json' --data '{"type":"start","stepsPerSecond":1e9}' "$url/api/simulations/$id/commands" >/dev/null
without=$(rate)
curl -sf -X DELETE "$url/api/simulations/$id" >/dev/null

# 2. A page attached: headless Chromium draws the run (canvas, raster, 30 frames a second).
"$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update \
  --user-data-dir="$work/chromium" "$url/?example=cuba&speed=max&run" > "$work/chromium.log" 2>&1 &
browser=$!
for _ in $(seq 150); do [ "$(steps)" -ge 0 ] && break; sleep 0.2; done
with=$(rate)

python3 - "$without" "$with" <<'PY'
import sys
a, b = int(sys.argv[1]), int(sys.argv[2])
print(f"cuba (4000 LIF neurons, dt 0.1 ms) at full speed: {a} steps/s without a page, {b} steps/s with a page attached: {100 * (a - b) / a:.0f} % slower")
PY
