#!/usr/bin/python3
"""Steps per second of 10 000 LIF neurons written as equations, against the built-in lif group and Brian2 cpp_standalone.

Three runs of the same network (docs/spiking-equations.md, "Speed"; docs/results.md, "Equations model"): N neurons,
dv/dt = (El - v + I) / tau (tau 10, El -65, Vt -50, Vr -65, refractory 2 ms), a constant I = 20, dt 0.1 ms, 1 s.
  equations  `neurosharp simulate` of model equations, --threads 1, its runSeconds (metrics.json)
  lif        `neurosharp simulate` of the built-in lif (same constants; it also decays its ge and gi, and holds v while refractory)
  brian2     the equations population through bench/spiking/equations_brian2.py --target cpp_standalone (device._last_run_time)
Each NeuroSharp run is repeated and the fastest kept; Brian2's is one run (its compile time is not counted).

Usage (Debian's python3-brian; use /usr/bin/python3):
    /usr/bin/python3 bench/spiking/equations_bench.py [--count 10000] [--duration-ms 1000] [--repeats 3] [--skip-brian2] [--cli-dll PATH]
"""
import argparse
import json
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def network(model, count, duration_ms):
    if model == "equations":
        params = {"parameters": {"tau": 10, "El": -65, "Vt": -50, "Vr": -65}, "variables": {"v": -65},
                  "equations": ["dv/dt = (El - v + I) / tau"], "threshold": "v > Vt", "reset": ["v = Vr"], "refractoryMs": 2}
    else:
        params = {"tauMs": 10, "restMv": -65, "thresholdMv": -50, "resetMv": -65, "refractoryMs": 2, "tauExcMs": 5, "tauInhMs": 10}
    return {"format": "neurosharp.network", "version": 1, "dtMs": 0.1, "durationMs": duration_ms,
            "populations": [{"name": "p", "count": count, "model": model, "params": params}],
            "inputs": [{"type": "current", "target": "p", "amplitude": 20}],
            "monitors": [{"type": "spikes", "target": "p"}]}


def run_neurosharp(cli, path, out):
    subprocess.run(cli + ["simulate", path, "--out", out, "--threads", "1", "--quiet"],
                   check=True, capture_output=True)
    with open(os.path.join(out, "metrics.json")) as f:
        m = json.load(f)
    return m["runSeconds"], m["spikes"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--duration-ms", type=float, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-brian2", action="store_true")
    ap.add_argument("--cli-dll", help="run this NeuroSharp.Cli.dll (e.g. a build copied aside) instead of ./neurosharp")
    args = ap.parse_args()
    cli = ["dotnet", args.cli_dll] if args.cli_dll else [os.path.join(ROOT, "neurosharp")]
    steps = int(round(args.duration_ms / 0.1))
    work = tempfile.mkdtemp(prefix="neurosharp-equations-bench-")
    results = {}
    for model in ("equations", "lif"):
        path = os.path.join(work, f"{model}.json")
        with open(path, "w") as f:
            json.dump(network(model, args.count, args.duration_ms), f)
        runs = [run_neurosharp(cli, path, os.path.join(work, f"out-{model}-{k}")) for k in range(args.repeats)]
        seconds = min(r[0] for r in runs)
        results[model] = {"seconds": seconds, "stepsPerSecond": steps / seconds, "spikes": runs[0][1]}
    if not args.skip_brian2:
        out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "equations_brian2.py"), os.path.join(work, "equations.json"), "p",
                              "--target", "cpp_standalone", "--time-only"], check=True, capture_output=True, text=True, cwd=work).stdout
        b = json.loads(out.strip().splitlines()[-1])
        results["brian2_cpp_standalone"] = {"seconds": b["seconds"], "stepsPerSecond": steps / b["seconds"], "spikes": b["spikes"]}
    print(json.dumps({"neurons": args.count, "steps": steps, "results": results}, indent=1))


if __name__ == "__main__":
    main()
