"""c302 level C's GenericNeuronCell (cell ADAL of LEMS_c302_C_IClamp.xml) as an independent double-precision loop.

Written from c302's examples/cell_C.xml and c302_C_IClamp.net.nml (not from NeuroSharp's code): leak, k_slow (n), k_fast
(p^4 q), ca_boyle (e^2 f h, h = customHGate: fcond = 1 + (inf - 1) alpha, inf = 1 / (1 + exp((ca_half - caConc) / k))), the
fixedFactorConcentrationModel pool dC/dt = rho iCa / A - C / tau, on a sphere of diameter 5 um (area pi d^2 with LEMS's
pi 3.14159), and ADAL's six current steps. SI units throughout. Exponential Euler from the start-of-step values at dt 0.05 ms
(the scheme docs/spiking-hh.md states), so the comparison checks the equations and units, not the integrator.

usage: /usr/bin/python3 bench/neuroml/c302_c_reference.py OUT/c302_C_IClamp.dat OUT/c302_C_IClamp.activity.dat
"""
import math
import sys

dt = 5e-5                      # s
steps = 120000
area = 3.14159 * (5e-6) ** 2   # m^2
cm = 0.01 * area               # F
g = {k: v * 10 * area for k, v in {"leak": 0.005, "kslow": 3, "kfast": 0.0711643917483308, "ca": 3}.items()}  # mS/cm^2 -> S
E = {"leak": -0.05, "kslow": -0.06, "kfast": -0.06, "ca": 0.04}
rho, tau_ca = 0.000238919, 0.0115943
alpha_h, ca_half, k_h = 0.282473, 6.41889e-8, -1.00056e-8      # mM = mol/m^3


def sig(v, mid, scale):        # HHSigmoidVariable, rate 1, v in V, mid and scale in mV
    return 1 / (1 + math.exp((mid * 1e-3 - v) / (scale * 1e-3)))


gates = {  # name: (tau s, mid mV, scale mV)
    "n": (25.0007e-3, 19.8741, 15.8512), "p": (2.25518e-3, -8.05232, 7.42636), "q": (149.963e-3, -15.6456, -9.97468),
    "e": (0.100027e-3, -3.3568, 6.74821), "f": (150.88e-3, 25.1815, -5.03176),
}


def h_of(c):
    return 1 + (1 / (1 + math.exp((ca_half - c) / k_h)) - 1) * alpha_h


def stim(t):                   # A, ADAL's pulses: k pA from 100 + 1000 (k - 1) ms for 800 ms
    for k in range(1, 7):
        start = 0.1 + (k - 1)
        if start <= t < start + 0.8:
            return k * 1e-12
    return 0.0


v, c = -0.045, 0.0
x = {name: sig(v, mid, scale) for name, (tau, mid, scale) in gates.items()}
h = h_of(c)
vs, cs = [v], [c]
for n in range(steps):
    t = n * dt
    go = {"leak": g["leak"], "kslow": g["kslow"] * x["n"], "kfast": g["kfast"] * x["p"] ** 4 * x["q"],
          "ca": g["ca"] * x["e"] ** 2 * x["f"] * h}
    G = sum(go.values())
    GE = sum(go[k] * E[k] for k in go) + stim(t)
    ica = go["ca"] * (E["ca"] - v)                       # A, inward positive
    for name, (tau, mid, scale) in gates.items():
        inf = sig(v, mid, scale)
        x[name] = inf + (x[name] - inf) * math.exp(-dt / tau)
    h = h_of(c)
    c_inf = tau_ca * rho * ica / area                    # resting 0; mol/m^3
    c = max(0.0, c_inf + (c - c_inf) * math.exp(-dt / tau_ca))
    v_inf = GE / G
    v = v_inf + (v - v_inf) * math.exp(-dt * G / cm)
    vs.append(v)
    cs.append(c)


def column(path, j):
    return [float(line.split()[j]) for line in open(path) if line.strip()]


ours_v = column(sys.argv[1], 1)
ours_c = column(sys.argv[2], 1)
dv = max(abs(a - b) for a, b in zip(ours_v, vs))
cmax = max(cs)
dc = max(abs(a - b) for a, b in zip(ours_c, cs))
ic = max(range(len(cs)), key=lambda i: cs[i])
print(f"rows: ours {len(ours_v)}, reference {len(vs)}")
print(f"max |v - v_ref| = {dv * 1e3:.4f} mV (v_ref from {min(vs) * 1e3:.3f} to {max(vs) * 1e3:.3f} mV)")
print(f"max |caConc - ref| = {dc:.4g} mol/m^3 (ref peak {cmax:.5g} at {ic * dt:.4f} s, ours {ours_c[ic]:.5g} there)")
print(f"end: v {ours_v[-1] * 1e3:.5f} mV vs {vs[-1] * 1e3:.5f} mV, caConc {ours_c[-1]:.5g} vs {cs[-1]:.5g}")


def ups(series):
    return [round(i * dt, 5) for i in range(1, len(series)) if series[i - 1] <= -0.02 < series[i]]


print(f"upward crossings of -20 mV (s): ours {ups(ours_v)}")
print(f"                           reference {ups(vs)}")
