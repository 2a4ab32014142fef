#!/usr/bin/python3
"""Runs one equations population of a NeuroSharp network file on Brian2 (docs/spiking-equations.md, "Against Brian2").

The population's parameters, state variables, equations, threshold, reset, refractory period and method become a
Brian2 NeuronGroup: every number is dimensionless, t and dt in ms (each derivative is divided by ms; t and dt are read
as t/ms and dt/ms). Its current inputs ("type": "current" in the file, on from round(startMs/dt) to round(stopMs/dt))
become the variable I, set between runs. Projections and other inputs are not carried over: compare a population
driven by currents only. Prints JSON: {"population", "method", "dtMs", "steps", "i": [...], "t_ms": [...]}.

Usage (Debian's python3-brian; use /usr/bin/python3, not a pyenv python):
    /usr/bin/python3 bench/spiking/equations_brian2.py NETWORK.json POPULATION [--duration-ms 500] [--float32]
        [--target numpy|cython|cpp_standalone] [--count N] [--time-only]
"""
import argparse
import json
import re
import sys
import time


def convert(text):
    """Our expression text in Brian2's terms: t and dt in ms."""
    text = re.sub(r"\bdt\b", "(dt/ms)", text)
    return re.sub(r"(?<![\w.])t\b", "(t/ms)", text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("network")
    ap.add_argument("population")
    ap.add_argument("--duration-ms", type=float, default=None)
    ap.add_argument("--float32", action="store_true", help="Brian2 in float32 (the engine's precision) instead of float64")
    ap.add_argument("--target", default="numpy")
    ap.add_argument("--count", type=int, default=None, help="override the population's size (benchmarks)")
    ap.add_argument("--time-only", action="store_true", help="print the simulation loop's seconds, not the spikes")
    args = ap.parse_args()

    with open(args.network) as f:
        net = json.load(f)
    pops = [p for p in net["populations"] if p["name"] == args.population]
    if not pops:
        sys.exit(f"{args.network}: no population '{args.population}'")
    pop = pops[0]
    if pop.get("model") != "equations":
        sys.exit(f"{args.network}: population '{args.population}' is model {pop.get('model')}, not equations")
    p = pop["params"]
    if "initial" in pop:
        sys.exit(f"{args.network}: population '{args.population}' draws initial values; this script starts from \"variables\"")
    for fn in ("min(", "max(", "pow("):
        if any(fn in e for e in p["equations"]):
            sys.exit(f"{fn[:-1]} is not a Brian2 function; the script does not translate it")

    import brian2 as b2
    from brian2 import ms
    if args.target == "cpp_standalone":
        b2.set_device("cpp_standalone", build_on_run=False)
    else:
        b2.prefs.codegen.target = args.target
    if args.float32:
        b2.prefs.core.default_float_dtype = __import__("numpy").float32

    dt_ms = float(net.get("dtMs", 0.1))
    duration_ms = args.duration_ms if args.duration_ms is not None else float(net.get("durationMs", 1000))
    b2.defaultclock.dt = dt_ms * ms

    lines = []
    states = list(p["variables"].keys())
    derived = []
    for eq in p["equations"]:
        # Brian2's flag, written at the end of the equation as Brian2 writes it after the unit.
        flag = re.search(r"\(\s*unless\s+refractory\s*\)\s*$", eq)
        if flag:
            eq = eq[:flag.start()]
        m = re.match(r"^\s*d(\w+)\s*/\s*dt\s*=(.*)$", eq)
        if m:
            lines.append(f"d{m.group(1)}/dt = ({convert(m.group(2))}) / ms : 1" + (" (unless refractory)" if flag else ""))
            continue
        m = re.match(r"^\s*(\w+)\s*=(.*)$", eq)
        derived.append(m.group(1))
        lines.append(f"{m.group(1)} = {convert(m.group(2))} : 1")
    with_derivative = {re.match(r"^\s*d(\w+)", eq).group(1) for eq in p["equations"] if re.match(r"^\s*d\w+\s*/\s*dt", eq)}
    for s in states:
        if s not in with_derivative:
            lines.append(f"{s} : 1")
    lines.append("I : 1")
    namespace = {k: float(v) for k, v in p.get("parameters", {}).items()}
    namespace["ms"] = ms
    n = args.count or int(pop.get("count", 1))
    group = b2.NeuronGroup(n, "\n".join(lines), threshold=convert(p["threshold"]) if p.get("threshold") else None,
                           reset="\n".join(convert(r) for r in p.get("reset", [])) or None,
                           refractory=float(p.get("refractoryMs", 0)) * ms, method=p.get("method", "euler"),
                           namespace=namespace)
    for s in states:
        setattr(group, s, float(p["variables"][s]))
    monitor = b2.SpikeMonitor(group)
    net_b2 = b2.Network(group, monitor)

    # The current inputs onto this population, as steps of I between runs.
    total = int(round(duration_ms / dt_ms))
    changes = {0: 0.0}
    currents = [i for i in net.get("inputs", []) if i.get("type") == "current" and i["target"] == args.population]
    if any("indices" in c for c in currents):
        sys.exit("current inputs with indices are not translated")
    edges = sorted({0, total} | {min(total, int(round(c.get("startMs", 0) / dt_ms))) for c in currents}
                   | {min(total, int(round(c["stopMs"] / dt_ms))) for c in currents if c.get("stopMs") is not None})
    started = time.time()
    for a, b in zip(edges, edges[1:]):
        if b <= a:
            continue
        amp = sum(float(c["amplitude"]) for c in currents
                  if int(round(c.get("startMs", 0) / dt_ms)) <= a
                  and (c.get("stopMs") is None or a < int(round(c["stopMs"] / dt_ms))))
        group.I = amp
        net_b2.run((b - a) * dt_ms * ms, namespace=namespace)
    if args.target == "cpp_standalone":
        b2.device.build(directory=None, compile=True, run=True)
    loop = time.time() - started
    if args.target == "cpp_standalone":
        loop = b2.device._last_run_time
    if args.time_only:
        print(json.dumps({"seconds": loop, "steps": total, "neurons": n, "spikes": int(monitor.num_spikes)}))
        return
    print(json.dumps({"population": args.population, "method": p.get("method", "euler"), "dtMs": dt_ms, "steps": total,
                      "float32": args.float32, "i": [int(x) for x in monitor.i[:]],
                      "t_ms": [float(x) for x in (monitor.t[:] / ms)]}))


if __name__ == "__main__":
    main()
