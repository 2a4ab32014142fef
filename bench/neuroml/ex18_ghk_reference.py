#!/usr/bin/env python3
"""NeuroML's LEMS_NML2_Ex18_GHK (HH Na/K, a GHK calcium current, a fixed-factor calcium pool) as an independent double-precision
loop in SI units, written from Cells.xml/Channels.xml's equations, and compared with NeuroSharp's results/ex18.dat.

    /usr/bin/python3 bench/neuroml/ex18_ghk_reference.py OUT/results/ex18.dat

The loop is forward Euler (jLEMS's default) at the file's step, 1 us; NeuroSharp uses exponential Euler in float. Prints the
largest differences of v, the calcium current density (Ex18's ica column, A/m^2) and caConc over the run, and the times of v's
upward crossings of 0 mV (spikeThresh). The file's columns are t, v, ica, ca (or t, v, ca without the ica column).
"""
import math
import sys

import numpy as np

F, R = 96485.3, 8.3144621
T = 16.3 + 273.15
area = 2 * 0.5e-6 * 3.14159265 * 10e-6          # cylinder d 1 um, L 10 um (m^2), jLEMS's pi
C = 1e-2 * area                                  # 1 uF/cm^2
g_na, g_k, g_l = 1200 * area, 360 * area, 3 * area   # 0.12, 0.036, 0.0003 S/cm^2
e_na, e_k, e_l = 50.799202e-3, -77e-3, -53.1e-3
P = 2.5e-7                                       # m/s
q10 = 3 ** ((T - (6.3 + 273.15)) / 10)           # q10ExpTemp of the Na and K gates
q_ca = 0.5                                       # q10Fixed of the Ca gate
rho, tau_ca, c_rest, c_out = 0.3, 1e-3, 3e-6, 2.0   # mol/(m A s), s, mol/m^3 (= mM)
dt, steps = 1e-6, 50000


def exp_linear(rate, mid, scale, v):
    x = (v - mid) / scale
    return rate if abs(x) < 1e-9 else rate * x / (1 - math.exp(-x))


def rates(v):
    vm = v * 1e3  # the rates' midpoints and scales are in mV, their rates per ms
    am, bm = exp_linear(1, -40, 10, vm), 4 * math.exp((vm + 65) / -18)
    ah, bh = 0.07 * math.exp((vm + 65) / -20), 1 / (1 + math.exp(-(vm + 35) / 10))
    an, bn = exp_linear(0.1, -55, 10, vm), 0.125 * math.exp((vm + 65) / -80)
    return [(am * 1e3, bm * 1e3), (ah * 1e3, bh * 1e3), (an * 1e3, bn * 1e3), (am * 1e3, bm * 1e3)]  # ca's p uses m's rates


def ghk_density(v, c_in, popen):
    K = 2 * F / (R * T)
    e = math.exp(-K * v)
    if abs(K * v) < 1e-9:
        return -popen * P * 2 * F * (c_in - c_out * e)  # the limit of K v / (1 - e^-Kv) = 1
    return -popen * P * 2 * F * K * v * (c_in - c_out * e) / (1 - e)


v, c = -65e-3, 5e-6
r = rates(v)
m, h, n, p = (a / (a + b) for a, b in r)
vs, cs, js = [v], [c], [ghk_density(v, c, p * p)]
for k in range(steps):
    t = k * dt
    i_stim = 5e-12 if 4e-3 <= t < 10e-3 else 0.0
    r = rates(v)
    q = [q10, q10, q10, q_ca]
    dm, dh, dn, dp = ((a * (1 - x) - b * x) * qq for (a, b), x, qq in zip(r, (m, h, n, p), q))
    i_ca = ghk_density(v, c, p * p) * area
    i_ch = g_na * m ** 3 * h * (e_na - v) + g_k * n ** 4 * (e_k - v) + g_l * (e_l - v) + i_ca
    dv = (i_ch + i_stim) / C
    dc = i_ca / area * rho - (c - c_rest) / tau_ca
    v, m, h, n, p = v + dt * dv, m + dt * dm, h + dt * dh, n + dt * dn, p + dt * dp
    c = max(c + dt * dc, 0.0)
    vs.append(v)
    cs.append(c)
    js.append(ghk_density(v, c, p * p))

ours = np.loadtxt(sys.argv[1])
vs, cs, js = np.array(vs), np.array(cs), np.array(js)
if ours.shape[1] == 4:
    print(f"max |ica - ica_ref| = {np.max(np.abs(ours[:, 2] - js)):.4g} A/m^2 (ica_ref peak {js.max():.5g} A/m^2 at {np.argmax(js) * dt * 1e3:.3f} ms, ours {ours[:, 2].max():.5g} at {np.argmax(ours[:, 2]) * dt * 1e3:.3f} ms)")
    ours = ours[:, [0, 1, 3]]
def crossings(x):
    return [round(k * dt * 1e3, 3) for k in range(1, len(x)) if x[k - 1] <= 0 < x[k]]
print(f"rows: ours {len(ours)}, reference {len(vs)}")
print(f"max |v - v_ref| = {np.max(np.abs(ours[:, 1] - vs)) * 1e3:.4f} mV (v_ref from {vs.min() * 1e3:.2f} to {vs.max() * 1e3:.2f} mV)")
print(f"max |ca - ca_ref| = {np.max(np.abs(ours[:, 2] - cs)):.4g} mM (ca_ref peak {cs.max():.5g} mM at {np.argmax(cs) * dt * 1e3:.3f} ms, ours {ours[:, 2].max():.5g} mM at {np.argmax(ours[:, 2]) * dt * 1e3:.3f} ms)")
print(f"end: v {ours[-1, 1] * 1e3:.5f} mV vs {vs[-1] * 1e3:.5f} mV, ca {ours[-1, 2]:.6g} vs {cs[-1]:.6g} mM")
print(f"upward crossings of 0 mV (ms): ours {crossings(ours[:, 1])}, reference {crossings(vs)}")
