#!/usr/bin/env python3
"""NeuroML's LEMS_NML2_Ex6_NMDA (a passive cell with a blockingPlasticSynapse and its voltageConcDepBlockMechanism) as an
independent double-precision loop in SI units, written from Cells.xml/Synapses.xml's equations, compared with NeuroSharp's
results/ex6_v.dat (t, v). The LEMS file's synapse columns (g, blockFactor) are left out of the run NeuroSharp reads, as it does
not record a synapse's own variables (docs/results.md, "NeuroML: LEMS examples").

    /usr/bin/python3 bench/neuroml/ex6_nmda_reference.py OUT/results/ex6_v.dat

The loop is RK4 at 1 us on the continuous equations (jLEMS itself is forward Euler at the file's 10 us; NeuroSharp exponential
Euler in float at 10 us), with the spikeGenerator's spikes at 75, 150, ... ms arriving as NeuroSharp places them (the step
ending at T). Prints the largest difference of v over the run and the peak of each EPSP in both.
"""
import math
import sys

area = 1000e-12                                  # 1 000 um^2 (the soma's diameter 17.841242 um)
C = 1e-2 * area                                  # 1 uF/cm^2 = 10 pF
g_l, e_l = 3.0 * area, -54.3e-3                  # 3 S/m^2 = 3 nS
gbase, erev, tau_r, tau_d = 0.5e-9, 0.0, 2e-3, 8e-3
mg, scaling_conc, scaling_volt = 1.2, 1.920544, 16.129e-3
i_pulse, pulse_start = 0.065e-9, 0.2
period, length = 0.075, 0.4

t_peak = tau_r * tau_d / (tau_d - tau_r) * math.log(tau_d / tau_r)
waveform = 1 / (-math.exp(-t_peak / tau_r) + math.exp(-t_peak / tau_d))


def block(v):
    return 1 / (1 + mg / scaling_conc * math.exp(-v / scaling_volt))


def deriv(t, y):
    v, a, b = y
    i_syn = block(v) * gbase * (b - a) * (erev - v)
    i = i_pulse if t >= pulse_start else 0.0
    return (g_l * (e_l - v) + i_syn + i) / C, -a / tau_r, -b / tau_d


def reference(ts):
    h = 1e-6
    y = [-65e-3, 0.0, 0.0]
    t = 0.0
    spikes = [period * k for k in range(1, int(length / period + 1e-9) + 1)]
    out, k, s = [], 0, 0
    for target in ts:
        while t < target - h / 2:
            if s < len(spikes) and t >= spikes[s] - h / 2:
                y[1] += waveform
                y[2] += waveform
                s += 1
            k1 = deriv(t, y)
            k2 = deriv(t + h / 2, [y[j] + h / 2 * k1[j] for j in range(3)])
            k3 = deriv(t + h / 2, [y[j] + h / 2 * k2[j] for j in range(3)])
            k4 = deriv(t + h, [y[j] + h * k3[j] for j in range(3)])
            y = [y[j] + h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]) for j in range(3)]
            t += h
        out.append(y[0])
    return out


def main():
    rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
    ts = [float(r[0]) for r in rows]
    vs = [float(r[1]) for r in rows]
    ref = reference(ts)
    worst = max(range(len(ts)), key=lambda i: abs(vs[i] - ref[i]))
    print(f"max |v - v_ref| = {abs(vs[worst] - ref[worst]) * 1e3:.4f} mV at t = {ts[worst] * 1e3:.2f} ms")
    for k in range(1, 6):
        lo, hi = period * k, period * k + 0.03
        idx = [i for i in range(len(ts)) if lo <= ts[i] < hi]
        pv = max(vs[i] for i in idx) * 1e3
        pr = max(ref[i] for i in idx) * 1e3
        print(f"EPSP {k} at {lo * 1e3:.0f} ms: peak v {pv:.4f} mV (reference {pr:.4f} mV)")


if __name__ == "__main__":
    main()
