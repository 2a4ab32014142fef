#!/usr/bin/python3
"""The equations model compiled against interpreted, and one build against another (docs/results.md, "Equations model compiled").

Writes three networks and runs `NeuroSharp.Cli.dll simulate NET --threads 1 --quiet` on each, alternating between the
runners, ROUNDS times, and prints the fastest and slowest runSeconds (metrics.json) and the spike counts:
  lif     bench/spiking/equations_bench.py's network: 10 000 LIF neurons as equations, 1 s, a spike monitor
  quiet   10 000 Izhikevich 2007 (euler) + 10 000 QIF (rk4) cells of examples/networks/equations-izhikevich2007.json,
          no input (no spike: every step is the programs), 3 s
  driven  the same with their current steps (100 pA, 20 pA) on from t = 0, 3 s
Runners: each --cli-dll PATH (e.g. a build copied aside; one without the kernel interprets whatever its label says), and the last one also interpreted
(NEUROSHARP_EQUATIONS_INTERPRET=1). The machine's load matters: compare runners of one call only.

Usage (use /usr/bin/python3):
    /usr/bin/python3 bench/spiking/equations_kernel_bench.py --cli-dll BEFORE.dll --cli-dll AFTER.dll [--rounds 4] [--only lif]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import equations_bench  # noqa: E402


def networks():
    with open(os.path.join(ROOT, "examples", "networks", "equations-izhikevich2007.json")) as f:
        example = json.load(f)
    pops = [p for p in example["populations"] if p["name"] in ("rs", "qif")]
    for p in pops:
        p["count"] = 10000
    base = {"format": "neurosharp.network", "version": 1, "dtMs": 0.1, "durationMs": 3000, "populations": pops}
    quiet = dict(base, name="quiet")
    driven = dict(base, name="driven", inputs=[{"type": "current", "target": "rs", "amplitude": 100},
                                               {"type": "current", "target": "qif", "amplitude": 20}])
    return {"lif": equations_bench.network("equations", 10000, 1000), "quiet": quiet, "driven": driven}


def run(dll, interpret, path, out):
    env = dict(os.environ)
    env.pop("NEUROSHARP_EQUATIONS_INTERPRET", None)
    if interpret:
        env["NEUROSHARP_EQUATIONS_INTERPRET"] = "1"
    subprocess.run(["nice", "dotnet", dll, "simulate", path, "--out", out, "--threads", "1", "--quiet"], check=True, capture_output=True, env=env)
    with open(os.path.join(out, "metrics.json")) as f:
        m = json.load(f)
    return m["runSeconds"], m["spikes"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli-dll", action="append", required=True)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--only", choices=["lif", "quiet", "driven"])
    args = ap.parse_args()
    def label(k, d):
        return f"{k}:{os.path.basename(os.path.dirname(os.path.abspath(d)))}"
    runners = [(label(k, d) + ":compiled", d, False) for k, d in enumerate(args.cli_dll)]
    runners.append((label(len(args.cli_dll) - 1, args.cli_dll[-1]) + ":interpreted", args.cli_dll[-1], True))
    work = tempfile.mkdtemp(prefix="neurosharp-equations-kernel-bench-")
    results = {}
    for name, net in networks().items():
        if args.only and name != args.only:
            continue
        path = os.path.join(work, f"{name}.json")
        with open(path, "w") as f:
            json.dump(net, f)
        times = {label: [] for label, _, _ in runners}
        spikes = {}
        for k in range(args.rounds):
            for label, dll, interpret in runners:
                seconds, n = run(dll, interpret, path, os.path.join(work, f"out-{name}-{k}"))
                times[label].append(seconds)
                spikes[label] = n
        results[name] = {label: {"fastest": min(t), "slowest": max(t), "spikes": spikes[label]} for label, t in times.items()}
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
