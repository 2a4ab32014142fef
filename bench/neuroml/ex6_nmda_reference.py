#!/usr/bin/env python3
"""NeuroML's LEMS_NML2_Ex6_NMDA (a passive cell with a blockingPlasticSynapse and its voltageConcDepBlockMechanism) as an
independent double-precision loop in SI units, written from Cells.xml/Synapses.xml's equations, compared with NeuroSharp's
results/ex6_v.dat (t, v) and, given, results/ex6_g.dat (the synapse's g = blockFactor gbase (B - A), S) and results/ex6_block.dat
(blockFactor) (docs/results.md, "NeuroML: LEMS examples").

    /usr/bin/python3 bench/neuroml/ex6_nmda_reference.py OUT/results/ex6_v.dat [OUT/results/ex6_g.dat OUT/results/ex6_block.dat]

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
        out.append(list(y))
    return out


def main():
    rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
    ts = [float(r[0]) for r in rows]
    vs = [float(r[1]) for r in rows]
    states = reference(ts)
    ref = [y[0] for y in states]
    worst = max(range(len(ts)), key=lambda i: abs(vs[i] - ref[i]))
    print(f"max |v - v_ref| = {abs(vs[worst] - ref[worst]) * 1e3:.4f} mV at t = {ts[worst] * 1e3:.2f} ms")
    for k in range(1, 6):
        lo, hi = period * k, period * k + 0.03
        idx = [i for i in range(len(ts)) if lo <= ts[i] < hi]
        pv = max(vs[i] for i in idx) * 1e3
        pr = max(ref[i] for i in idx) * 1e3
        print(f"EPSP {k} at {lo * 1e3:.0f} ms: peak v {pv:.4f} mV (reference {pr:.4f} mV)")
    if len(sys.argv) > 3:
        g = [float(line.split()[1]) for line in open(sys.argv[2]) if line.strip()]
        b = [float(line.split()[1]) for line in open(sys.argv[3]) if line.strip()]
        g_ref = [block(y[0]) * gbase * (y[2] - y[1]) for y in states]
        b_ref = [block(y[0]) for y in states]
        wg = max(range(len(ts)), key=lambda i: abs(g[i] - g_ref[i]))
        wb = max(range(len(ts)), key=lambda i: abs(b[i] - b_ref[i]))
        top = max(range(len(ts)), key=lambda i: g[i])
        print(f"max |g - g_ref| = {abs(g[wg] - g_ref[wg]) * 1e12:.4f} pS at t = {ts[wg] * 1e3:.2f} ms (peak g {g[top] * 1e9:.5f} nS at {ts[top] * 1e3:.2f} ms, reference {g_ref[top] * 1e9:.5f} nS)")
        print(f"max |blockFactor - reference| = {abs(b[wb] - b_ref[wb]):.2e} at t = {ts[wb] * 1e3:.2f} ms (B at 0 ms {b[0]:.5f}, reference {b_ref[0]:.5f})")


if __name__ == "__main__":
    main()
