"""c302 level C1's graded synapses (LEMS_c302_C1_Syns.xml) as an independent double-precision loop.

Written from c302's examples/cell_C.xml, c302_C1_Syns.net.nml and NeuroML2CoreTypes/Synapses.xml (not from NeuroSharp's
code): four GenericNeuronCells, URYDL -> SMDDR through neuron_to_neuron_exc_syn and VD12 -> VB11 through
neuron_to_neuron_inh_syn (gradedSynapse: conductance 0.09 nS, delta 5 mV, Vth 0 mV, k 0.025/ms, erev 0 and -70 mV, weight 1),
URYDL and VD12 driven by their two pulses (1 pA from 500 ms and 5 pA from 1900 ms, 800 ms each). No other cell reaches these
four (the file's gap junctions join AIZL and ASHL only). The cell is the level C cell of c302_c_reference.py (leak, k_slow,
k_fast, ca_boyle with the caConc pool; sphere of 5 um). The synapse as LEMS defines it: i = w g s (erev - v),
inf = 1/(1 + exp((Vth - vpre)/delta)), s' = (inf - s) k / (1 - inf) by forward Euler (as jLEMS), the synaptic conductance w g s
joining the cell's conductances in the exponential-Euler step of v. SI units, dt 0.05 ms, 72 000 steps.

usage: /usr/bin/python3 bench/neuroml/c302_c1_graded_reference.py OUT/c302_C1_Syns.dat
"""
import math
import sys

dt = 5e-5                      # s
steps = 72000
area = 3.14159 * (5e-6) ** 2   # m^2
cm = 0.01 * area               # F
g = {k: v * 10 * area for k, v in {"leak": 0.005, "kslow": 3, "kfast": 0.0711643917483308, "ca": 3}.items()}  # mS/cm^2 -> S
E = {"leak": -0.05, "kslow": -0.06, "kfast": -0.06, "ca": 0.04}
rho, tau_ca = 0.000238919, 0.0115943
alpha_h, ca_half, k_h = 0.282473, 6.41889e-8, -1.00056e-8      # mM = mol/m^3
gates = {  # name: (tau s, mid mV, scale mV)
    "n": (25.0007e-3, 19.8741, 15.8512), "p": (2.25518e-3, -8.05232, 7.42636), "q": (149.963e-3, -15.6456, -9.97468),
    "e": (0.100027e-3, -3.3568, 6.74821), "f": (150.88e-3, 25.1815, -5.03176),
}
syn = {"exc": (0.09e-9, 0.0), "inh": (0.09e-9, -0.07)}        # conductance S, erev V
delta, vth, k = 5e-3, 0.0, 25.0                                # V, V, 1/s


def sig(v, mid, scale):
    return 1 / (1 + math.exp((mid * 1e-3 - v) / (scale * 1e-3)))


def h_of(c):
    return 1 + (1 / (1 + math.exp((ca_half - c) / k_h)) - 1) * alpha_h


def stim(t):                   # A
    if 0.5 <= t < 1.3:
        return 1e-12
    if 1.9 <= t < 2.7:
        return 5e-12
    return 0.0


class Cell:
    def __init__(self, driven):
        self.v, self.c, self.driven = -0.045, 0.0, driven
        self.x = {name: sig(self.v, mid, scale) for name, (tau, mid, scale) in gates.items()}
        self.vs = [self.v]

    def step(self, t, gsyn=0.0, esyn=0.0):
        x, v = self.x, self.v
        go = {"leak": g["leak"], "kslow": g["kslow"] * x["n"], "kfast": g["kfast"] * x["p"] ** 4 * x["q"],
              "ca": g["ca"] * x["e"] ** 2 * x["f"] * h_of(self.c)}
        G = sum(go.values()) + gsyn
        GE = sum(go[k] * E[k] for k in go) + gsyn * esyn + (stim(t) if self.driven else 0.0)
        ica = go["ca"] * (E["ca"] - v)
        for name, (tau, mid, scale) in gates.items():
            inf = sig(v, mid, scale)
            x[name] = inf + (x[name] - inf) * math.exp(-dt / tau)
        c_inf = tau_ca * rho * ica / area
        self.c = max(0.0, c_inf + (self.c - c_inf) * math.exp(-dt / tau_ca))
        v_inf = GE / G
        self.v = v_inf + (v - v_inf) * math.exp(-dt * G / cm)
        self.vs.append(self.v)


pairs = [("URYDL", "SMDDR", "exc"), ("VD12", "VB11", "inh")]
cells = {name: Cell(driven=name in ("URYDL", "VD12")) for pair in pairs for name in pair[:2]}
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
