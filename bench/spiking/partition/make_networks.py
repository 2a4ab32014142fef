#!/usr/bin/env python3
"""Writes CUBA and COBA at SCALE x the neurons of examples/networks (cuba.json, coba.json), keeping the
in-degree of the 1x network (64 excitatory + 16 inhibitory inputs per neuron, fixedInDegree), as
bench/spiking/SpikingBench scales them. Usage: make_networks.py SCALE OUT_DIR [DELAY_MS]"""
import json, os, sys

scale, out = int(sys.argv[1]), sys.argv[2]
delay = float(sys.argv[3]) if len(sys.argv) > 3 else None
root = os.path.join(os.path.dirname(__file__), "..", "..", "..")
os.makedirs(out, exist_ok=True)
for name in ("cuba", "coba"):
    with open(os.path.join(root, "examples", "networks", f"{name}.json")) as f:
        net = json.load(f)
    counts = {}
    for p in net["populations"]:
        p["count"] *= scale
        counts[p["name"]] = p["count"]
    for pr in net["projections"]:
        recurrent = pr["source"] == pr["target"]
        pr["connectivity"] = {"rule": "fixedInDegree", "inDegree": round(0.02 * counts[pr["source"]] / scale)}
        if recurrent:
            pr["connectivity"]["allowSelf"] = True
        if delay is not None:
            pr["delayMs"] = delay
    net["name"] = f"{name}-x{scale}" + (f"-d{delay:g}" if delay is not None else "")
    net["durationMs"] = 1000
    suffix = f"-d{delay:g}" if delay is not None else ""
    with open(os.path.join(out, f"{name}-x{scale}{suffix}.json"), "w") as f:
        json.dump(net, f, indent=1)
