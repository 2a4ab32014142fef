#!/usr/bin/env python3
"""NeuroML's LEMS_NML2_Ex12_Net2 and LEMS_NML2_Ex27_MultiSynapses (iafCells receiving expOneSynapse, expTwoSynapse, an NMDA
blockingPlasticSynapse with its voltageConcDepBlockMechanism, and a doubleSynapse of AMPA and NMDA) as independent double-precision
loops written from Cells.xml's iafCell and Synapses.xml's synapses, compared with NeuroSharp's results/ex12.dat or
results/ex27_v.dat (t, then v of each iafPop cell, in SI) (docs/results.md, "NeuroML: LEMS examples"; docs/spiking-lif.md,
"Synaptic ports").

    /usr/bin/python3 bench/neuroml/iaf_ports_reference.py ex12 OUT/results/ex12.dat
    /usr/bin/python3 bench/neuroml/iaf_ports_reference.py ex27 OUT/results/ex27_v.dat

iafCell: C dv/dt = g_L (E_L - v) + sum_s i_s, v >= thresh: v = reset (v starts at E_L: Cells.xml's OnStart v = leakReversal). Each synapse's i_s = g_s (erev - v) with
  expOneSynapse:  g = gbase g1, g1' = -g1 / tau_d, a spike adds w to g1;
  expTwoSynapse:  g = gbase (B - A), A' = -A / tau_r, B' = -B / tau_d, a spike adds w f to A and B (f: the peak of B - A is 1);
  blockingPlasticSynapse: expTwoSynapse's g times B(v) = 1 / (1 + [Mg] / scalingConc exp(-v / scalingVolt)).
A spike due at T (+ delay) acts from the step after the one that ends at T + delay, as NeuroSharp delivers it.

Two loops at the file's step: "expeuler" (v by exponential Euler with the conductances and B(v) of the start of the step, the
synapse states by their exact decay: NeuroSharp's scheme, in double) and "euler" (forward Euler of every state: jLEMS's scheme).
Prints, per scheme, each cell's threshold crossings (the step) and the largest |v - v_ref| of NeuroSharp's file against it.
NeuroSharp holds v in float: where a step's change (v - E) dt / tau_m is below half of float's spacing at v (3.8e-6 mV near
-60 mV), v stops short of its equilibrium E, by up to 0.0076 mV at Ex12's dt / tau_m = 2.5e-4 and 0.076 mV at Ex27's 5e-5.
"""
import math
import sys


def exp_two_factor(rise, decay):
    peak = rise * decay / (decay - rise) * math.log(decay / rise)
    return 1 / (-math.exp(-peak / rise) + math.exp(-peak / decay))


# Synapses: (gbase nS, erev mV, rise ms (0: expOne), decay ms, block (Mg mM, scalingConc mM, scalingVolt mV) or None).
EX12 = dict(
    cell=dict(C=10.0, gl=0.5, el=-60.0, thresh=-35.0, reset=-65.0),                 # C 1e-5 uF = 10 pF, g_L 5e-7 mS = 0.5 nS
    dt=0.005, steps=60000,
    syn=dict(syn1=(0.1, 0.0, 0.0, 2.0, None), syn2=(0.1, 0.0, 0.05, 2.0, None),
             nmda=(5.0, 0.0, 1.0, 10.0, (1.2, 1.9205441817997078, 16.129032258064516))),
    # per cell: (synapse, weight, arrival times of its spikes + delay, ms)
    cells=[[("syn1", 1.0, [100.0])], [("syn1", 0.5, [110.0])], [("syn1", 0.25, [115.0])],
           [("syn2", 1.0, [50.0, 100.0, 130.0])], [("syn2", 0.5, [60.0, 110.0, 140.0])], [("syn2", 0.25, [65.0, 115.0, 145.0])],
           [("nmda", 1.0, [30.0 * k for k in range(1, 11)])], [("nmda", 0.5, [30.0 * k + 10 for k in range(1, 11)])],
           [("nmda", 0.25, [30.0 * k + 15 for k in range(1, 11)])]])
SPK27 = [50.0, 200.0, 350.0, 360.0]
EX27 = dict(
    cell=dict(C=200.0, gl=10.0, el=-70.0, thresh=-55.0, reset=-70.0),              # 0.2 nF, 0.01 uS
    dt=0.001, steps=600000,
    syn=dict(ampa=(1.0, 0.0, 1.0, 2.0, None), nmda=(4.0, 0.0, 2.0, 20.0, (1.2, 1.920544, 16.129))),
    cells=[[("ampa", 0.5, SPK27)], [("nmda", 0.5, SPK27)], [("ampa", 0.5, SPK27), ("nmda", 0.5, SPK27)],
           [("ampa", 0.5, [t + 5 for t in SPK27]), ("nmda", 0.5, [t + 5 for t in SPK27])]])   # iafPop[4] is not recorded


def block(b, v):
    return 1.0 if b is None else 1 / (1 + b[0] / b[1] * math.exp(-v / b[2]))


def run(ex, inputs, scheme):
    c, dt = ex["cell"], ex["dt"]
    syns = [(ex["syn"][name], w, {round(t / dt) for t in times}) for name, w, times in inputs]
    a = [0.0] * len(syns)   # rise state (A); unused for expOne
    b = [0.0] * len(syns)   # decay state (B, or g1)
    v = c["el"]  # OnStart v = leakReversal (before 2026-12-07 these loops, like the reader, started at reset)
    out, spikes = [v], []
    for k in range(ex["steps"]):
        gs = []
        for j, ((gbase, erev, rise, decay, blk), w, due) in enumerate(syns):
            g = gbase * (b[j] - a[j] if rise > 0 else b[j]) * block(blk, v)
            gs.append((g, erev))
        if scheme == "expeuler":
            G = c["gl"] + sum(g for g, _ in gs)
            E = (c["gl"] * c["el"] + sum(g * e for g, e in gs)) / G
            v = E + (v - E) * math.exp(-G * dt / c["C"])
            for j, ((gbase, erev, rise, decay, blk), w, due) in enumerate(syns):
                if rise > 0:
                    a[j] *= math.exp(-dt / rise)
                b[j] *= math.exp(-dt / decay)
        else:
            v += dt * (c["gl"] * (c["el"] - v) + sum(g * (e - v) for g, e in gs)) / c["C"]
            for j, ((gbase, erev, rise, decay, blk), w, due) in enumerate(syns):
                if rise > 0:
                    a[j] -= dt * a[j] / rise
                b[j] -= dt * b[j] / decay
        if v > c["thresh"]:
            spikes.append(k)
            v = c["reset"]
        # A spike whose time (+ delay) is the end of this step acts from the next step.
        for j, ((gbase, erev, rise, decay, blk), w, due) in enumerate(syns):
            if k + 1 in due:
                f = exp_two_factor(rise, decay) if rise > 0 else 1.0
                a[j] += w * f
                b[j] += w * f
        out.append(v)
    return out, spikes


def main():
    ex = {"ex12": EX12, "ex27": EX27}[sys.argv[1]]
    rows = [line.split() for line in open(sys.argv[2]) if line.strip()]
    dt = ex["dt"]
    for scheme in ("expeuler", "euler"):
        print(f"{scheme}:")
        for cell, inputs in enumerate(ex["cells"]):
            ref, spikes = run(ex, inputs, scheme)
            ours = [float(r[cell + 1]) * 1e3 for r in rows]
            worst = max(range(len(ours)), key=lambda i: abs(ours[i] - ref[i]))
            # NeuroSharp's spikes: a step whose v is reset after being below... read as a drop to reset from above it.
            crossings = [i - 1 for i in range(1, len(ours)) if abs(ours[i] - ex["cell"]["reset"]) < 1e-6 and ours[i - 1] > ex["cell"]["reset"] + 1]
            print(f"  cell {cell}: spikes at steps {spikes} (NeuroSharp {crossings}); peak v {max(ref[1:]):.4f} mV "
                  f"(NeuroSharp {max(ours[1:]):.4f}); max |v - v_ref| {abs(ours[worst] - ref[worst]):.5f} mV at {worst * dt:.3f} ms")


if __name__ == "__main__":
    main()
