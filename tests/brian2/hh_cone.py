#!/usr/bin/python3
"""A Hodgkin-Huxley soma with a tapered dendrite in Brian2's SpatialNeuron: when v first exceeds 0 mV at three compartments, as JSON.

Usage: /usr/bin/python3 tests/brian2/hh_cone.py [DT_MS]
The cell: a soma, a Cylinder of one compartment, 20 um long and 20 um wide, and hanging from it a Section of 20 compartments of
50 um whose diameter falls linearly from 6 um at the soma to 2 um at the tip (each compartment a truncated cone: Brian2's area
pi/2 (d1 + d2) sqrt((d1 - d2)^2/4 + l^2) and half-compartment conductances pi/2 d1 d_mid / (Ri l)). Hodgkin and Huxley 1952's
squid channels everywhere (squid.py), Cm 1 uF/cm^2, Ri 100 ohm cm, v from
-65 mV with the gates at rest; 1.5 nA into dendrite compartment 15 (flat index 16) from 1 to 2 ms. Gates by exponential Euler,
v by SpatialNeuron's implicit solver, dt 0.01 ms unless given, numpy code generation. MultiCompartmentBrian2Tests runs a
NeuroSharp cell of the same shape (tapered compartments, the current on a compartment of its own) against it
(docs/spiking-multicompartment.md). Prints {"soma": [...], "input": [...], "tip": [...]}: the crossing times in ms.
"""
import json, sys
import numpy as np
from brian2 import *
from squid import EQUATIONS, El, ENa, EK, gl, gNa, gK, at_rest, crossings

dt_ms = float(sys.argv[1]) if len(sys.argv) > 1 else 0.01
prefs.codegen.target = "numpy"
defaultclock.dt = dt_ms * ms

morpho = Cylinder(length=20 * um, diameter=20 * um, n=1)
morpho.dend = Section(n=20, diameter=np.linspace(6, 2, 21) * um, length=np.full(20, 50.0) * um)
neuron = SpatialNeuron(morphology=morpho, model=EQUATIONS, Cm=1 * uF / cm**2, Ri=100 * ohm * cm, method="exponential_euler")
at_rest(neuron)
M = StateMonitor(neuron, "v", record=[0, 16, 20])
run(1 * ms)
neuron.I[16] = 1.5 * nA
run(1 * ms)
neuron.I[16] = 0 * nA
run(8 * ms)

print(json.dumps({"soma": crossings(M, M.v[0]), "input": crossings(M, M.v[1]), "tip": crossings(M, M.v[2]),
                  "area_um2": [float(a / um**2) for a in neuron.area[[0, 1, 20]]]}))
