#!/usr/bin/env python3
"""The engine's current-based LIF step in numpy, in float32 (as the engine) and float64 (as Brian2), on a
network file that pyNN.neurosharp wrote for an IF_curr_exp network (NEUROSHARP_KEEP=1 keeps it): one
parameter set, `explicit` projections with one weight and one delay each, no inputs.

    lif_precision.py network.json STEPS [spikes.csv] [brian2.json]

Runs both precisions for STEPS steps and prints their spike counts per population and the first spike
where they part, with that cell's v in each precision. spikes.csv (from `neurosharp simulate network.json
--steps STEPS`) is compared with the float32 run, brian2.json (tests/pynn/small_networks.py's output
written with SMALL_NETWORKS_TRAINS=1: per population its cells' spike times in ms) with the float64 run:
"identical" means the same (step, cell) set. The step is ScalarNeuronKernels.LifCurrentStep's, the constants LifGroup's (computed in double,
rounded once to the precision), the order Integrate -> Threshold -> Deliver -> Reset
(docs/spiking-lif.md; docs/results.md, "The 800-cell cuba case: float against double").
"""
import csv
import json
import math
import sys

import numpy as np


def load(path):
    d = json.load(open(path))
    offsets, n = {}, 0
    for p in d["populations"]:
        offsets[p["name"]] = n
        n += p["count"]
    return d, offsets, n


def run(d, offsets, n, dtype, steps):
    """Spikes as a sorted list of (step, global cell), v after every step [steps, n] (after resets), and v
    after every step's integration, before its resets [steps, n]."""
    dt = d["dtMs"]
    p = d["populations"][0]["params"]
    for q in d["populations"]:
        if q["model"] != "lif" or q["params"] != p:
            sys.exit(f"{q['name']}: not an lif population with the first one's parameters")
    tm = p["tauMs"]

    def coefficient(tx):
        return tx / (tx - tm) * (math.exp(-dt / tx) - math.exp(-dt / tm))

    em, ce, ci = dtype(math.exp(-dt / tm)), dtype(coefficient(p["tauExcMs"])), dtype(coefficient(p["tauInhMs"]))
    de, di = dtype(math.exp(-dt / p["tauExcMs"])), dtype(math.exp(-dt / p["tauInhMs"]))
    rest, threshold, reset = dtype(p["restMv"]), dtype(p["thresholdMv"]), dtype(p["resetMv"])
    refractory = int(round(p["refractoryMs"] / dt))
    v = np.concatenate([np.asarray(q["initial"]["v"], dtype=np.float64) for q in d["populations"]]).astype(dtype)
    ge, gi = np.zeros(n, dtype), np.zeros(n, dtype)
    last = np.full(n, -10 ** 9)
    out = {"excitatory": [[] for _ in range(n)], "inhibitory": [[] for _ in range(n)]}
    weight, delays = {}, set()
    for pr in d["projections"]:
        c = pr["connectivity"]
        if c["rule"] != "explicit" or "weights" in c or "delaysMs" in c:
            sys.exit(f"{pr['name']}: not an explicit projection with one weight and one delay")
        s0, t0 = offsets[pr["source"]], offsets[pr["target"]]
        for s, t in zip(c["sources"], c["targets"]):
            out[pr["receptor"]][s0 + s].append(t0 + t)
        if weight.setdefault(pr["receptor"], pr["weight"]) != pr["weight"]:
            sys.exit(f"{pr['name']}: a second weight for {pr['receptor']} inputs")
        delays.add(pr["delayMs"])
    if len(delays) != 1 or d["inputs"]:
        sys.exit("one delay for every projection and no inputs, please")
    delay = int(round(delays.pop() / dt))
    we, wi = dtype(weight.get("excitatory", 0)), dtype(weight.get("inhibitory", 0))
    pending, spikes = {}, []
    vs, integrated = np.empty((steps, n), dtype), np.empty((steps, n), dtype)
    for step in range(steps):
        active = step - last >= refractory
        v = np.where(active, ((rest + (v - rest) * em) + ge * ce) - gi * ci, v).astype(dtype)
        ge, gi = (ge * de).astype(dtype), (gi * di).astype(dtype)
        fired = np.nonzero(active & (v > threshold))[0]
        integrated[step] = v
        for source in pending.pop(step, []):      # spikes of step - delay arrive now, one weight at a time
            for t in out["excitatory"][source]:
                ge[t] = dtype(ge[t] + we)
            for t in out["inhibitory"][source]:
                gi[t] = dtype(gi[t] + wi)
        if len(fired):
            pending.setdefault(step + delay, []).extend(fired.tolist())
            v[fired] = reset
            last[fired] = step
            spikes.extend((step, int(i)) for i in fired)
        vs[step] = v
    return sorted(spikes), vs, integrated


def counts(spikes, offsets, n):
    bounds = sorted(offsets.items(), key=lambda kv: kv[1]) + [("", n)]
    return ", ".join(f"{name} {sum(1 for _, i in spikes if lo <= i < hi)}" for (name, lo), (_, hi) in zip(bounds, bounds[1:]))


def verdict(a, b):
    if a == b:
        return "identical"
    moved = sorted(set(a) ^ set(b))
    return f"differ in {len(moved)} (step, cell) pairs, the first {moved[0]}"


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    d, offsets, n = load(argv[1])
    steps = int(argv[2])
    s32, v32, i32 = run(d, offsets, n, np.float32, steps)
    s64, v64, i64 = run(d, offsets, n, np.float64, steps)
    print(f"float32: {len(s32)} spikes ({counts(s32, offsets, n)}); float64: {len(s64)} spikes ({counts(s64, offsets, n)})")
    threshold = d["populations"][0]["params"]["thresholdMv"]
    if s32 != s64:
        step, cell = sorted(set(s32) ^ set(s64))[0]
        which = "float32" if (step, cell) in set(s32) else "float64"
        print(f"first parting: step {step}, cell {cell} fires in {which} only; v after that step's integration, "
              f"before reset: float32 {float(i32[step, cell]):.9f} mV, float64 {float(i64[step, cell]):.9f} mV "
              f"(threshold {threshold} mV)")
        both = (v32[:step].astype(np.float64) - v64[:step])
        print(f"largest |v32 - v64| of any cell before that step: {np.abs(both).max():.3g} mV "
              f"(float32's spacing at 50 mV: {np.spacing(np.float32(50)):.3g} mV)")
    if len(argv) > 3:
        engine = []
        with open(argv[3], newline="") as handle:
            for row in csv.DictReader(handle):
                engine.append((int(row["step"]), offsets[row["population"]] + int(row["neuron"])))
        print("engine (spikes.csv) against float32:", verdict(sorted(engine), s32))
    if len(argv) > 4:
        populations = json.load(open(argv[4]))["populations"]
        brian = sorted((int(round(t / d["dtMs"])), offsets[name] + i)
                       for name, p in populations.items() for i, train in enumerate(p["spikeTimesMs"]) for t in train)
        print("Brian2 against float64:", verdict(brian, s64), "; against float32:", verdict(brian, s32))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
