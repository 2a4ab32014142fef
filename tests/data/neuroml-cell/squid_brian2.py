# An independent reference for tests/data/neuroml-cell/squid_cell.nml: the same membrane written as Brian2 equations (the
# squid axon of Hodgkin and Huxley 1952, a sphere 20 um across with jLEMS's pi, 0.1 nA from 20 ms), run for 100 ms.
# Usage: /usr/bin/python3 squid_brian2.py [results/squid_v.dat [DIAMETER_UM PULSE_PA START_MS STOP_MS LENGTH_MS]] -- prints Brian2's spike times (rk4 at 1 us, and exponential
# Euler at 10 us as NeuroSharp steps it) and, given NeuroSharp's v file (jnml's layout: t in s, v in V), the differences.
import sys
from brian2 import (NeuronGroup, StateMonitor, SpikeMonitor, Network, defaultclock, ms, mV, pA, nS, pF, umetre, prefs, exp)
import numpy as np

prefs.codegen.target = "numpy"
args = [float(x) for x in sys.argv[2:7]] if len(sys.argv) > 6 else [20, 100, 20, 1e9, 100]
diameter, pulse, start, stop, length = args                 # NeuroML2's Ex5: 17.841242 80 100 200 300
area = diameter ** 2 * 3.14159265 * umetre ** 2              # pi d^2 (jLEMS's pi)
C = 0.01 * area / umetre ** 2 * pF                      # 1 uF/cm^2 = 0.01 pF/um^2
gl, gna, gk = (d * area / umetre ** 2 / 1000 * nS for d in (3, 1200, 360))  # S/m^2 = pS/um^2
El, ENa, EK = -54.3 * mV, 50 * mV, -77 * mV
eqs = """
dv/dt = (gl*(El-v) + gna*m**3*h*(ENa-v) + gk*n**4*(EK-v) + I) / C : volt
dm/dt = alpham*(1-m) - betam*m : 1
dh/dt = alphah*(1-h) - betah*h : 1
dn/dt = alphan*(1-n) - betan*n : 1
alpham = 1/ms * ((v+40*mV)/(10*mV)) / (1 - exp(-(v+40*mV)/(10*mV))) : Hz
betam = 4/ms * exp(-(v+65*mV)/(18*mV)) : Hz
alphah = 0.07/ms * exp(-(v+65*mV)/(20*mV)) : Hz
betah = 1/ms / (1 + exp(-(v+35*mV)/(10*mV))) : Hz
alphan = 0.1/ms * ((v+55*mV)/(10*mV)) / (1 - exp(-(v+55*mV)/(10*mV))) : Hz
betan = 0.125/ms * exp(-(v+65*mV)/(80*mV)) : Hz
I = pulse*pA * int(t >= start*ms) * int(t < stop*ms) : amp
"""

def run(method, dt):
    defaultclock.dt = dt
    g = NeuronGroup(1, eqs, method=method, threshold="v > -20*mV", refractory="v > -20*mV")
    v0 = -65 * mV
    am = 2.5 / (np.exp(2.5) - 1); bm = 4.0
    ah = 0.07; bh = 1 / (1 + np.exp(3.0))
    an = 0.1 * 1.0 / (np.exp(1.0) - 1); bn = 0.125
    g.v = v0; g.m = am / (am + bm); g.h = ah / (ah + bh); g.n = an / (an + bn)
    s = SpikeMonitor(g); st = StateMonitor(g, "v", record=0, dt=0.01 * ms)
    net = Network(g, s, st); net.run(length * ms)
    return np.array(s.t / ms), np.array(st.v[0] / mV)

ref, vref = run("rk4", 0.001 * ms)
ee, vee = run("exponential_euler", 0.01 * ms)
print("Brian2 rk4 1us:", len(ref), "spikes at", np.round(ref, 3).tolist())
print("Brian2 exponential Euler 10us:", len(ee), "spikes at", np.round(ee, 3).tolist())
if len(sys.argv) > 1:
    rows = np.loadtxt(sys.argv[1])
    v = rows[:, 1] * 1000
    # NeuroSharp's spikes: the steps where v crosses -20 mV upwards (jnml writes the time at the end of the step).
    mine = rows[1:, 0][(v[1:] > -20) & (v[:-1] <= -20)] * 1000
    print("NeuroSharp:", len(mine), "spikes at", np.round(mine, 3).tolist())
    n = min(len(mine), len(ref))
    print("max |t - t_rk4| over %d spikes: %.3f ms" % (n, np.max(np.abs(mine[:n] - ref[:n])) if n else float("nan")))
    k = min(len(v), len(vref))
    print("max |v - v_rk4| before the pulse: %.4f mV" % np.max(np.abs(v[:int(start * 100)] - vref[:int(start * 100)])))
    print("v file rows:", len(rows), "; max |v - v_expEuler(Brian2)|: %.3f mV" % np.max(np.abs(v[:k] - vee[:k])))
