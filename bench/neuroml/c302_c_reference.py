"""c302 level C's GenericNeuronCell (cell ADAL of LEMS_c302_C_IClamp.xml) as an independent double-precision loop.

Written from c302's c302_C_IClamp.net.nml (not from NeuroSharp's code): the level C cell of c302_cell_c.py (exponential Euler from the
start-of-step values at dt 0.05 ms, in SI units) driven by ADAL's six current steps; prints the largest differences of v and caConc
from NeuroSharp's columns and the upward crossings of -20 mV in both.

usage: /usr/bin/python3 bench/neuroml/c302_c_reference.py OUT/c302_C_IClamp.dat OUT/c302_C_IClamp.activity.dat
"""
import sys

from c302_cell_c import Cell, dt

steps = 120000


def stim(t):                   # A, ADAL's pulses: k pA from 100 + 1000 (k - 1) ms for 800 ms
    for k in range(1, 7):
        start = 0.1 + (k - 1)
        if start <= t < start + 0.8:
            return k * 1e-12
    return 0.0


cell = Cell(stim)
for n in range(steps):
    cell.step(n * dt)
vs, cs = cell.vs, cell.cs


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
