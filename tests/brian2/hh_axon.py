#!/usr/bin/python3
"""An unbranched Hodgkin-Huxley axon in Brian2's SpatialNeuron: when v first exceeds 0 mV at the near and the far end, as JSON.

Usage: /usr/bin/python3 tests/brian2/hh_axon.py COMPARTMENTS LENGTH_UM DIAMETER_UM DURATION_MS [DT_MS] [TARGET]
Hodgkin and Huxley 1952's squid axon at 6.3 degC in the modern convention (rest -65 mV): gl 0.3, gNa 120, gK 36 mS/cm^2,
El -54.387, ENa 50, EK -77 mV, Cm 1 uF/cm^2, Ri 35.4 ohm cm; a Cylinder of COMPARTMENTS compartments (sealed ends); v starts at
-65 mV and each gate at its steady state there; 20 nA into compartment 0 from 1 to 2 ms. Gates by exponential Euler (v by
SpatialNeuron's implicit solver), dt 0.01 ms unless given, numpy code generation (TARGET: numpy, cython or cpp_standalone; the
standalone project is built, compiled and run in a temporary folder, and --time then prints the binary's own time of the last run,
which Brian2 takes with std::clock(), the process's CPU time, not wall time; wall_s_binary is the wall time of the whole binary).
MultiCompartmentBrian2Tests runs it against a NeuroSharp cell of the same cable (docs/spiking-multicompartment.md); with
--time it prints the wall time of the run's last segment (from 2 ms on, after code generation) instead (bench, docs/results.md).
"""
import json, sys, time as clock
from brian2 import *

args = [a for a in sys.argv[1:] if not a.startswith("--")]
count, length, diameter, duration = int(args[0]), float(args[1]), float(args[2]), float(args[3])
dt_ms = float(args[4]) if len(args) > 4 else 0.01
target = args[5] if len(args) > 5 else "numpy"
if target == "cpp_standalone":
    set_device("cpp_standalone", build_on_run=False)
else:
    prefs.codegen.target = target
defaultclock.dt = dt_ms * ms

morpho = Cylinder(length=length * um, diameter=diameter * um, n=count)
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
neuron = SpatialNeuron(morphology=morpho, model=eqs, Cm=1 * uF / cm**2, Ri=35.4 * ohm * cm, method="exponential_euler")
neuron.v = -65 * mV


def steady(a, b):
    return a / (a + b)


v0 = -65.0
am = 0.1 * (v0 + 40) / (1 - exp(-(v0 + 40) / 10)); bm = 4 * exp(-(v0 + 65) / 18)
ah = 0.07 * exp(-(v0 + 65) / 20); bh = 1 / (exp(-(v0 + 35) / 10) + 1)
an = 0.01 * (v0 + 55) / (1 - exp(-(v0 + 55) / 10)); bn = 0.125 * exp(-(v0 + 65) / 80)
neuron.m, neuron.h, neuron.n = steady(am, bm), steady(ah, bh), steady(an, bn)
neuron.I = 0 * nA
far = count - 1
M = StateMonitor(neuron, "v", record=[0, count // 2, far])
run(1 * ms)
neuron.I[0] = 20 * nA
run(1 * ms)
neuron.I[0] = 0 * nA
start = clock.perf_counter()  # the code is generated (and compiled) by now: the last segment's wall is the stepping alone
run((duration - 2) * ms)
wall = clock.perf_counter() - start
if target == "cpp_standalone":
    import tempfile
    device.build(directory=tempfile.mkdtemp(prefix="hh_axon_"), compile=True, run=True)
    wall = device._last_run_time  # the binary's std::clock() around the last run: CPU seconds of the stepping alone (no compilation)
if "--time" in sys.argv:
    binary = {"wall_s_binary": device.timers["run_binary"]} if target == "cpp_standalone" else {}
    print(json.dumps({"wall_s_last_segment": wall, "segment_ms": duration - 2, "wall_per_biological_second": wall * 1000 / (duration - 2),
                      **binary,
                      "compartments": count, "target": target}))
    sys.exit(0)


def crossings(trace):
    """Each time v goes above 0 mV: the time of the first recorded value above it (StateMonitor's value at t is v at t)."""
    out, above = [], False
    for k, x in enumerate(trace / mV):
        if x > 0 and not above:
            out.append(round(float(M.t[k] / ms), 6))
        above = x > 0
    return out


print(json.dumps({"near": crossings(M.v[0]), "middle": crossings(M.v[1]), "far": crossings(M.v[2])}))
