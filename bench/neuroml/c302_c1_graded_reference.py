"""c302 level C1's graded synapses (LEMS_c302_C1_Syns.xml) as an independent double-precision loop.

Written from c302's examples/cell_C.xml, c302_C1_Syns.net.nml and NeuroML2CoreTypes/Synapses.xml (not from NeuroSharp's
code): four GenericNeuronCells, URYDL -> SMDDR through neuron_to_neuron_exc_syn and VD12 -> VB11 through
neuron_to_neuron_inh_syn (gradedSynapse: conductance 0.09 nS, delta 5 mV, Vth 0 mV, k 0.025/ms, erev 0 and -70 mV, weight 1),
URYDL and VD12 driven by their two pulses (1 pA from 500 ms and 5 pA from 1900 ms, 800 ms each). No other cell reaches these
four (the file's gap junctions join AIZL and ASHL only). The cell is the level C cell of c302_cell_c.py (leak, k_slow,
k_fast, ca_boyle with the caConc pool; sphere of 5 um). The synapse as LEMS defines it: i = w g s (erev - v),
inf = 1/(1 + exp((Vth - vpre)/delta)), s' = (inf - s) k / (1 - inf) by forward Euler (as jLEMS), the synaptic conductance w g s
joining the cell's conductances in the exponential-Euler step of v. SI units, dt 0.05 ms, 72 000 steps.

usage: /usr/bin/python3 bench/neuroml/c302_c1_graded_reference.py OUT/c302_C1_Syns.dat
"""
import math
import sys

from c302_cell_c import Cell, dt

steps = 72000
syn = {"exc": (0.09e-9, 0.0), "inh": (0.09e-9, -0.07)}        # conductance S, erev V
delta, vth, k = 5e-3, 0.0, 25.0                                # V, V, 1/s


def stim(t):                   # A
    if 0.5 <= t < 1.3:
        return 1e-12
    if 1.9 <= t < 2.7:
        return 5e-12
    return 0.0


pairs = [("URYDL", "SMDDR", "exc"), ("VD12", "VB11", "inh")]
cells = {name: Cell(stim if name in ("URYDL", "VD12") else None) for pair in pairs for name in pair[:2]}
s = {pre: 0.0 for pre, _, _ in pairs}
for n in range(steps):
    t = n * dt
    starts = {name: c.v for name, c in cells.items()}   # every current from the v of the step's start
    for pre, post, kind in pairs:
        gmax, erev = syn[kind]
        inf = 1 / (1 + math.exp((vth - starts[pre]) / delta))
        cells[post].step(t, gmax * s[pre], erev)
        cells[pre].step(t)
        rate = (inf - s[pre]) * k / (1 - inf) if 1 - inf > 1e-4 else 0.0
        s[pre] = s[pre] + dt * rate if 1 - inf >= 1e-4 else inf

columns = {"SMDDR": 4, "URYDL": 5, "VB11": 6, "VD12": 7}   # c302_C1_Syns.dat: t, AIZL, AS2, ASHL, SMDDR, URYDL, VB11, VD12
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
print(f"rows: ours {len(rows)}, reference {steps + 1}")
for name, j in columns.items():
    ours = [float(r[j]) for r in rows]
    ref = cells[name].vs
    worst = max(abs(a - b) for a, b in zip(ours, ref))
    swing = max(ref) - min(ref)
    at = max(range(len(ref)), key=lambda i: abs(ours[i] - ref[i]))
    print(f"{name:6s} max |v - v_ref| = {worst * 1e3:.4f} mV at {at * dt:.4f} s (v_ref from {min(ref) * 1e3:.3f} to {max(ref) * 1e3:.3f} mV, swing {swing * 1e3:.3f} mV); end {ours[-1] * 1e3:.4f} vs {ref[-1] * 1e3:.4f} mV")
# The synapse's own effect: how far each target moves from an unconnected cell (which stays at its resting v).
for pre, post, kind in pairs:
    ref = cells[post].vs
    print(f"{pre} -> {post} ({kind}): reference target moves from {ref[0] * 1e3:.3f} to between {min(ref) * 1e3:.4f} and {max(ref) * 1e3:.4f} mV")
