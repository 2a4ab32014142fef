#!/usr/bin/python3
"""A Hodgkin-Huxley soma and dendrite with a calcium pool in every compartment, in Brian2's SpatialNeuron, as JSON.

Usage: /usr/bin/python3 tests/brian2/hh_pool.py [DT_MS]
The cell: a soma, a Cylinder of one compartment 20 x 20 um, and a dendrite, a Cylinder of 10 compartments of 50 x 2 um. The squid
channels everywhere (gl 0.3, gNa 120, gK 36 mS/cm^2, El -54.387, ENa 50, EK -77 mV); on the dendrite only a calcium channel
gCa s^2 (ECa - v), gCa 2 mS/cm^2, ECa 80 mV, ds/dt = (s_inf - s) / 1 ms, s_inf = 1 / (1 + exp(-(v + 20 mV) / 5 mV)); everywhere a KCa
channel gKCa c (EK - v), gKCa 5 mS/cm^2, dc/dt = kon Ca (1 - c) - b c, kon 1e5 /(s mM), b 500 /s; and in every compartment a
decaying pool (NeuroML's decayingPoolConcentrationModel on the compartment's area A): dCa/dt = i_Ca A / (2 F V_shell) - (Ca - 5e-5 mM) /
20 ms, r = sqrt(A / (4 pi)), V_shell = 4/3 pi (r^3 - (r - 0.1 um)^3), pi = 3.14159, F = 96485.3 C/mol. Cm 1 uF/cm^2, Ri 100 ohm cm,
v from -65 mV with the gates at rest; 0.3 nA into the soma from 1 to 61 ms. Gates and pools by exponential Euler, v by
SpatialNeuron's implicit solver, dt 0.01 ms unless given, numpy code generation. MultiCompartmentPoolTests runs the same cell
(docs/spiking-multicompartment.md, "Ion concentrations"). Prints {"soma": [...], "tip": [...], "ca_d0": x, "ca_d9": x, "ca_soma": x}:
the times v first exceeds 0 mV in each spike at the soma and the tip (ms), and Ca at 61 ms (mM).
"""
import json, sys
import numpy as np
from brian2 import *
from squid import SQUID_CURRENT, GATES, El, ENa, EK, gl, gNa, gK, at_rest, crossings

dt_ms = float(sys.argv[1]) if len(sys.argv) > 1 else 0.01
prefs.codegen.target = "numpy"
defaultclock.dt = dt_ms * ms

morpho = Cylinder(length=20 * um, diameter=20 * um, n=1)
morpho.dend = Cylinder(length=500 * um, diameter=2 * um, n=10)
ECa, gKCa = 80 * mV, 5 * msiemens / cm**2
F = 96485.3 * coulomb / mole
kon, b = 1e5 / (second * mmolar), 500 / second
eqs = f"""
Im = {SQUID_CURRENT} + iCa + gKCa * c * (EK - v) : amp/meter**2
iCa = gCa * s**2 * (ECa - v) : amp/meter**2
gCa : siemens/meter**2 (constant)
I : amp (point current)
ds/dt = (1 / (1 + exp(-(v + 20*mV) / (5*mV))) - s) / ms : 1
dc/dt = kon * Ca * (1 - c) - b * c : 1
dCa/dt = iCa * area / (2 * F * shell) - (Ca - 5e-5*mmolar) / (20*ms) : mmolar
shell = 4 * 3.14159 / 3 * (rr**3 - (rr - 0.1*um)**3) : meter**3
rr = sqrt(area / (4 * 3.14159)) : meter
""" + GATES
neuron = SpatialNeuron(morphology=morpho, model=eqs, Cm=1 * uF / cm**2, Ri=100 * ohm * cm, method="exponential_euler")
at_rest(neuron)
v0 = -65.0
neuron.s = 1 / (1 + exp(-(v0 + 20) / 5))
neuron.Ca = 5e-5 * mmolar
neuron.c = (1e5 * 5e-5) / (1e5 * 5e-5 + 500)
neuron.gCa = 2 * msiemens / cm**2
neuron.gCa[0] = 0 * siemens / meter**2
M = StateMonitor(neuron, "v", record=[0, 10])
run(1 * ms)
neuron.I[0] = 0.3 * nA
run(60 * ms)

print(json.dumps({"soma": crossings(M, M.v[0]), "tip": crossings(M, M.v[1]), "ca_d0": float(neuron.Ca[1] / mmolar),
                  "ca_d9": float(neuron.Ca[10] / mmolar), "ca_soma": float(neuron.Ca[0] / mmolar)}))
