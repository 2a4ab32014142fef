#!/usr/bin/python3
"""A Hodgkin-Huxley soma with a tapered dendrite in Brian2's SpatialNeuron: when v first exceeds 0 mV at three compartments, as JSON.

Usage: /usr/bin/python3 tests/brian2/hh_cone.py [DT_MS]
The cell: a soma, a Cylinder of one compartment, 20 um long and 20 um wide, and hanging from it a Section of 20 compartments of
50 um whose diameter falls linearly from 6 um at the soma to 2 um at the tip (each compartment a truncated cone: Brian2's area
pi/2 (d1 + d2) sqrt((d1 - d2)^2/4 + l^2) and half-compartment conductances pi/2 d1 d_mid / (Ri l)). Hodgkin and Huxley 1952's
squid channels everywhere (gl 0.3, gNa 120, gK 36 mS/cm^2, El -54.387, ENa 50, EK -77 mV), Cm 1 uF/cm^2, Ri 100 ohm cm, v from
-65 mV with the gates at rest; 1.5 nA into dendrite compartment 15 (flat index 16) from 1 to 2 ms. Gates by exponential Euler,
v by SpatialNeuron's implicit solver, dt 0.01 ms unless given, numpy code generation. MultiCompartmentBrian2Tests runs a
NeuroSharp cell of the same shape (tapered compartments, the current on a compartment of its own) against it
(docs/spiking-multicompartment.md). Prints {"soma": [...], "input": [...], "tip": [...]}: the crossing times in ms.
"""
import json, sys
import numpy as np
from brian2 import *

dt_ms = float(sys.argv[1]) if len(sys.argv) > 1 else 0.01
prefs.codegen.target = "numpy"
defaultclock.dt = dt_ms * ms

morpho = Cylinder(length=20 * um, diameter=20 * um, n=1)
morpho.dend = Section(n=20, diameter=np.linspace(6, 2, 21) * um, length=np.full(20, 50.0) * um)
El, ENa, EK = -54.387 * mV, 50 * mV, -77 * mV
gl, gNa, gK = 0.3 * msiemens / cm**2, 120 * msiemens / cm**2, 36 * msiemens / cm**2
eqs = """
Im = gl * (El - v) + gNa * m**3 * h * (ENa - v) + gK * n**4 * (EK - v) : amp/meter**2
I : amp (point current)
dm/dt = alpham * (1 - m) - betam * m : 1
dn/dt = alphan * (1 - n) - betan * n : 1
dh/dt = alphah * (1 - h) - betah * h : 1
alpham = (0.1/mV) * 10*mV / exprel(-(v + 40*mV) / (10*mV)) / ms : Hz
betam = 4 * exp(-(v + 65*mV) / (18*mV)) / ms : Hz
alphah = 0.07 * exp(-(v + 65*mV) / (20*mV)) / ms : Hz
betah = 1 / (exp(-(v + 35*mV) / (10*mV)) + 1) / ms : Hz
alphan = (0.01/mV) * 10*mV / exprel(-(v + 55*mV) / (10*mV)) / ms : Hz
betan = 0.125 * exp(-(v + 65*mV) / (80*mV)) / ms : Hz
"""
neuron = SpatialNeuron(morphology=morpho, model=eqs, Cm=1 * uF / cm**2, Ri=100 * ohm * cm, method="exponential_euler")
neuron.v = -65 * mV
v0 = -65.0
am = 0.1 * (v0 + 40) / (1 - exp(-(v0 + 40) / 10)); bm = 4 * exp(-(v0 + 65) / 18)
ah = 0.07 * exp(-(v0 + 65) / 20); bh = 1 / (exp(-(v0 + 35) / 10) + 1)
an = 0.01 * (v0 + 55) / (1 - exp(-(v0 + 55) / 10)); bn = 0.125 * exp(-(v0 + 65) / 80)
neuron.m, neuron.h, neuron.n = am / (am + bm), ah / (ah + bh), an / (an + bn)
neuron.I = 0 * nA
M = StateMonitor(neuron, "v", record=[0, 16, 20])
run(1 * ms)
neuron.I[16] = 1.5 * nA
run(1 * ms)
neuron.I[16] = 0 * nA
run(8 * ms)


def crossings(trace):
    out, above = [], False
    for k, x in enumerate(trace / mV):
        if x > 0 and not above:
            out.append(round(float(M.t[k] / ms), 6))
        above = x > 0
    return out


print(json.dumps({"soma": crossings(M.v[0]), "input": crossings(M.v[1]), "tip": crossings(M.v[2]),
                  "area_um2": [float(a / um**2) for a in neuron.area[[0, 1, 20]]]}))
