"""LEMS_NML2_Ex17_Tissue (an HH pointCellCondBased in a tissueWithVaryingTemperature) as an independent double loop.

Written from LEMS_NML2_Ex17_Tissue.xml and NeuroML2CoreTypes (Cells.xml, Channels.xml), not from NeuroSharp's code. C = 10 pF;
leak 300 x 10 pS = 3 nS at -54.3 mV; na 120000 x 10 pS = 1200 nS at 50 mV, m^3 h; k 36000 x 10 pS = 360 nS at -77 mV, n^4; Hodgkin and
Huxley's rates (HHExpLinearRate, HHExpRate, HHSigmoidRate), each gate's alpha and beta times its q10ExpTemp factor
3^((T - 32 degC) / 10); the tissue's temperature is 22 degC from the start and 16 degC once t passes changeTime = 500 ms, here from
the step that starts at 500 ms (NeuroSharp's temperatureChangesMs: the step round(500 / dt)); 80 pA for the whole 1000 ms; v0 -65 mV,
the gates at their steady state there; a spike is an upward crossing of 20 mV, stamped with the start of the step in which v crosses.

Two integrators, both from the start-of-step values at dt 0.01 ms:
  expeuler: v and the gates by exponential Euler (the scheme docs/spiking-hh.md states), the engine's integrator;
  euler:    v and the gates by forward Euler (jLEMS's integrator).
And, for the size of the effect, the same expeuler loop at 22 degC throughout.

usage: /usr/bin/python3 bench/neuroml/ex17_tissue_reference.py [OUT/spikes.csv]
Prints each loop's spike times and, given NeuroSharp's spikes.csv, the largest difference from each.
"""
import math
import sys

from squid_reference import a_m, b_m, a_h, b_h, a_n, b_n, compare_with, print_spikes

dt, steps = 0.01, 100000
C, g_l, e_l, g_na, e_na, g_k, e_k, i_in = 10.0, 3.0, -54.3, 1200.0, 50.0, 360.0, -77.0, 80.0   # pF, nS, mV, pA
change_ms, t_start, t_end = 500.0, 22.0, 16.0


def run(method, changes=True):
    v = -65.0
    m = a_m(v) / (a_m(v) + b_m(v))
    h = a_h(v) / (a_h(v) + b_h(v))
    n_ = a_n(v) / (a_n(v) + b_n(v))
    change_step = round(change_ms / dt)
    spikes = []
    for s in range(steps):
        celsius = t_end if changes and s >= change_step else t_start
        q = 3 ** ((celsius - 32) / 10)
        gna, gk = g_na * m ** 3 * h, g_k * n_ ** 4
        rates = [(q * a(v), q * b(v)) for a, b in ((a_m, b_m), (a_h, b_h), (a_n, b_n))]
        gates = [m, h, n_]
        if method == "expeuler":
            gates = [a / (a + b) + (x - a / (a + b)) * math.exp(-(a + b) * dt) for x, (a, b) in zip(gates, rates)]
            G = g_l + gna + gk
            vinf = (g_l * e_l + gna * e_na + gk * e_k + i_in) / G
            v_new = vinf + (v - vinf) * math.exp(-dt * G / C)
        else:
            gates = [x + dt * (a * (1 - x) - b * x) for x, (a, b) in zip(gates, rates)]
            v_new = v + dt * (g_l * (e_l - v) + gna * (e_na - v) + gk * (e_k - v) + i_in) / C
        if v <= 20 < v_new:
            spikes.append(round(s * dt, 6))      # the step's start, as NeuroSharp's spikes.csv stamps it (docs/formats.md)
        m, h, n_ = gates
        v = v_new
    return spikes


def main():
    results = {method: run(method) for method in ("expeuler", "euler")}
    print_spikes(results)
    fixed = run("expeuler", changes=False)
    print(f"expeuler at 22 degC throughout: {len(fixed)} spikes: {' '.join(f'{s:.2f}' for s in fixed)}")
    if len(sys.argv) > 1:
        compare_with(results, sys.argv[1])


main()
