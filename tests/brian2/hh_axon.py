#!/usr/bin/python3
"""An unbranched Hodgkin-Huxley axon in Brian2's SpatialNeuron: when v first exceeds 0 mV at the near and the far end, as JSON.

Usage: /usr/bin/python3 tests/brian2/hh_axon.py COMPARTMENTS LENGTH_UM DIAMETER_UM DURATION_MS [DT_MS] [TARGET]
Hodgkin and Huxley 1952's squid axon (the channels of squid.py), Cm 1 uF/cm^2, Ri 35.4 ohm cm; a Cylinder of COMPARTMENTS compartments (sealed ends); v starts at
-65 mV and each gate at its steady state there; 20 nA into compartment 0 from 1 to 2 ms. Gates by exponential Euler (v by
SpatialNeuron's implicit solver), dt 0.01 ms unless given, numpy code generation (TARGET: numpy, cython or cpp_standalone; the
standalone project is built, compiled and run in a temporary folder, and --time then prints the binary's own time of the last run,
which Brian2 takes with std::clock(), the process's CPU time, not wall time; wall_s_binary is the wall time of the whole binary).
MultiCompartmentBrian2Tests runs it against a NeuroSharp cell of the same cable (docs/spiking-multicompartment.md); with
--time it prints the wall time of the run's last segment (from 2 ms on, after code generation) instead (bench, docs/results.md).
"""
import json, sys, time as clock
from brian2 import *
from squid import EQUATIONS, El, ENa, EK, gl, gNa, gK, at_rest, crossings

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
neuron = SpatialNeuron(morphology=morpho, model=EQUATIONS, Cm=1 * uF / cm**2, Ri=35.4 * ohm * cm, method="exponential_euler")
at_rest(neuron)
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

print(json.dumps({"near": crossings(M, M.v[0]), "middle": crossings(M, M.v[1]), "far": crossings(M, M.v[2])}))
