# Forward Euler of NeuroML's izhikevichCell (Cells.xml) in double precision under rampGeneratorDL and sineGeneratorDL
# (Inputs.xml), as jLEMS steps them: the input of each step is its value at the step's start t = k dt.
#   ramp: baseline before delay and from delay + duration, start + (finish - start) (t - delay) / duration in between
#   sine: 0 outside, amplitude sin(phase + 2 * 3.14159265 * (t - delay) / period) in between (Inputs.xml's pi)
# Usage: python3 izhikevich_ramp_sine_euler.py [izh_ramp_sine.spikes]  (LEMS_IzhikevichRampSine.xml's event file)
import math, sys

def ramp(t):
    return -32 + (50 - -32) * (t - 30) / 170 if 30 <= t < 200 else -32.0

def sine(t):
    return 25 * math.sin(0.5 + 2 * 3.14159265 * (t - 20) / 40) if 20 <= t < 170 else 0.0

def run(a, b, c, d, v0, current, dt=0.005, length=200.0, thresh=30.0):
    v, u, spikes = v0, b * v0, []
    for k in range(round(length / dt)):
        i = current(k * dt)
        v, u = v + dt * (0.04 * v * v + 5 * v + 140 - u + i), u + dt * (a * (b * v - u))
        if v > thresh:
            v, u = c, u + d
            spikes.append((k + 1) * dt)
    return spikes

expected = {"0": run(0.02, -0.1, -55, 6, -60, ramp), "1": run(0.02, 0.2, -65, 6, -70, sine)}
for key, name in (("0", "class1 (ramp)"), ("1", "tonic (sine)")):
    print(name, len(expected[key]), " ".join(f"{x:.3f}" for x in expected[key]))
if len(sys.argv) > 1:
    got = {"0": [], "1": []}
    for line in open(sys.argv[1]):
        t, key = line.split()
        got[key].append(float(t) * 1000)
    for key in ("0", "1"):
        worst = max((abs(x - y) for x, y in zip(expected[key], got[key])), default=0)
        print(f"selection {key}: {len(got[key])} spikes (Euler {len(expected[key])}), largest time difference {worst:.4f} ms")
