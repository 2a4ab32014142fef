"""LEMS_NML2_Ex4_KS (a pointCellCondBased with HH sodium and the kinetic-scheme potassium channel k_vh) as an independent double loop.

Written from LEMS_NML2_Ex4_KS.xml and NeuroML2CoreTypes (Cells.xml, Channels.xml), not from NeuroSharp's code. C = 1 pF; na: 6000 x
20 pS = 120 nS at 50 mV, m^3 h with Hodgkin-Huxley's rates; k_vh: 1800 x 8 pS = 14.4 nS at -77 mV, one gateKS (instances 1) c1 <-> o1
by a vHalfTransition (vHalf 0 mV, z 1.5, gamma 0.75, tau 3.2 ms, tauMin 0.3 ms, kte 25.3 mV):
    rf = 1 / (1 / rf0 + tauMin), rf0 = exp(z gamma (v - vHalf) / kte) / tau
    rr = 1 / (1 / rr0 + tauMin), rr0 = exp(-z (1 - gamma) (v - vHalf) / kte) / tau
no leak (the file's passive channel is unused); 5 pA from 100 ms for 100 ms; v0 -65 mV; the HH gates start at their steady state,
the scheme all in c1 (jLEMS's KineticScheme start); a spike is an upward crossing of -20 mV, stamped with the start of the step in
which v crosses (as spikes.csv stamps it).

Two integrators, both from the start-of-step values at dt 0.01 ms, the two-state scheme by its exact exponential
(o' = inf + (o - inf) exp(-(rf + rr) dt), what jLEMS's KScheme.advance computes by its matrix exponential):
  expeuler: v and the HH gates by exponential Euler (the scheme docs/spiking-hh.md states), the engine's integrator;
  euler:    v and the HH gates by forward Euler (jLEMS's integrator for its ODEs).

usage: /usr/bin/python3 bench/neuroml/ex4_ks_reference.py [OUT/spikes.csv]
Prints each loop's spike times and, given NeuroSharp's spikes.csv, the largest difference from each.
"""
import math
import sys

from squid_reference import a_m, b_m, a_h, b_h, compare_with, print_spikes

dt, steps = 0.01, 30000
C, g_na, e_na, g_k, e_k = 1.0, 120.0, 50.0, 14.4, -77.0      # pF, nS, mV


def ks_rates(v):
    z, gamma, vhalf, tau, tau_min, kte = 1.5, 0.75, 0.0, 3.2, 0.3, 25.3
    rf0 = math.exp(z * gamma * (v - vhalf) / kte) / tau
    rr0 = math.exp(-z * (1 - gamma) * (v - vhalf) / kte) / tau
    return 1 / (1 / rf0 + tau_min), 1 / (1 / rr0 + tau_min)


def run(method):
    v = -65.0
    m = a_m(v) / (a_m(v) + b_m(v))
    h = a_h(v) / (a_h(v) + b_h(v))
    o = 0.0                     # c1 = 1
    spikes = []
    for n in range(steps):
        t = n * dt
        i = 5.0 if 100 <= t < 200 else 0.0                     # pA
        gna = g_na * m ** 3 * h
        gk = g_k * o
        rf, rr = ks_rates(v)
        inf_o = rf / (rf + rr)
        o_new = inf_o + (o - inf_o) * math.exp(-(rf + rr) * dt)
        am, bm, ah, bh = a_m(v), b_m(v), a_h(v), b_h(v)
        if method == "expeuler":
            m = am / (am + bm) + (m - am / (am + bm)) * math.exp(-(am + bm) * dt)
            h = ah / (ah + bh) + (h - ah / (ah + bh)) * math.exp(-(ah + bh) * dt)
            G = gna + gk
            vinf = (gna * e_na + gk * e_k + i) / G
            v_new = vinf + (v - vinf) * math.exp(-dt * G / C)
        else:
            m += dt * (am * (1 - m) - bm * m)
            h += dt * (ah * (1 - h) - bh * h)
            v_new = v + dt * (gna * (e_na - v) + gk * (e_k - v) + i) / C
        if v <= -20 < v_new:
            spikes.append(round(n * dt, 6))      # the step's start, as NeuroSharp's spikes.csv stamps it (docs/formats.md)
        v, o = v_new, o_new
    return spikes


def main():
    results = {method: run(method) for method in ("expeuler", "euler")}
    print_spikes(results)
    if len(sys.argv) > 1:
        compare_with(results, sys.argv[1])


main()
