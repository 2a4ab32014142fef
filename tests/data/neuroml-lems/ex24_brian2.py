# An independent reference for NeuroML2's LEMS_NML2_Ex24_FractionalConductance.xml: its cell written out as Brian2 equations from the
# LEMS text by hand (the squid Na and K channels, the slow K channel a^2 (0.5 bb + 0.5 bb1) whose rates and time courses are the
# example's own ComponentTypes, q10 2.3 from 21 to 34 degC on gate a), a cylinder 10 um across and 20 um long (jLEMS's pi),
# 0.1 nA from 25 to 75 ms and -0.1 nA from 100 to 150 ms, run for 200 ms.
# Usage: /usr/bin/python3 ex24_brian2.py [results/ex24_v.dat [results/ex24_k.dat]] -- prints Brian2's spike times (rk4 at 1 us,
# exponential Euler at 10 us as NeuroSharp steps it) and, given NeuroSharp's v file (jnml's layout: t in s, v in V), the differences;
# given its k file too, those of the slow K channel's fopen = a^2 (0.5 bb + 0.5 bb1).
import sys
from brian2 import NeuronGroup, StateMonitor, SpikeMonitor, Network, defaultclock, ms, mV, pA, nS, pF, umetre, prefs, exp
import numpy as np

prefs.codegen.target = "numpy"
area = 2 * 5 * 3.14159265 * 20 * umetre ** 2            # side of the cylinder, 2 pi r L
C = 0.01 * area / umetre ** 2 * pF                      # 1 uF/cm^2 = 0.01 pF/um^2
gna, gk, gks, gl = (d * area / umetre ** 2 / 1000 * nS for d in (1200, 360, 360, 3))  # S/m^2 = pS/um^2
ENa, EK, El = 50 * mV, -77 * mV, -54.3 * mV
q10 = 2.3 ** ((34 - 21) / 10)
eqs = """
dv/dt = (gna*m**3*h*(ENa-v) + gk*n**4*(EK-v) + gks*a**2*(0.5*bb + 0.5*bb1)*(EK-v) + gl*(El-v) + I) / C : volt
dm/dt = alpham*(1-m) - betam*m : 1
dh/dt = alphah*(1-h) - betah*h : 1
dn/dt = alphan*(1-n) - betan*n : 1
da/dt = q10*(alphaa*(1-a) - betaa*a) : 1
dbb/dt = (binf - bb) / taubb : 1
dbb1/dt = (binf - bb1) / taubb1 : 1
alpham = 1/ms * ((v+40*mV)/(10*mV)) / (1 - exp(-(v+40*mV)/(10*mV))) : Hz
betam = 4/ms * exp(-(v+65*mV)/(18*mV)) : Hz
alphah = 0.07/ms * exp(-(v+65*mV)/(20*mV)) : Hz
betah = 1/ms / (1 + exp(-(v+35*mV)/(10*mV))) : Hz
alphan = 0.1/ms * ((v+55*mV)/(10*mV)) / (1 - exp(-(v+55*mV)/(10*mV))) : Hz
betan = 0.125/ms * exp(-(v+65*mV)/(80*mV)) : Hz
V = v/mV : 1
alphaa = 0.0052*(V-11.1)/(1-exp(-(V-11.1)/13.1)) / ms : Hz
betaa = (0.01938*exp(-(V+1.27)/71) - 0.0053) / ms : Hz
binf = 1 / (1 + exp((v+58*mV)/(11*mV))) : 1
taubb = (360 + (1010 + 23.7*(V+54))*exp(-(V+75)**2/(48*48))) * ms : second
taubb1 = (2350 + 1380*exp(-0.01118*V) - 210*exp(-0.0306*V)) * ms : second
I = 100*pA * int(t >= 25*ms) * int(t < 75*ms) - 100*pA * int(t >= 100*ms) * int(t < 150*ms) : amp
"""

def steady(v):
    V = v
    am = (V + 40) / 10 / (1 - np.exp(-(V + 40) / 10)); bm = 4 * np.exp(-(V + 65) / 18)
    ah = 0.07 * np.exp(-(V + 65) / 20); bh = 1 / (1 + np.exp(-(V + 35) / 10))
    an = 0.1 * (V + 55) / 10 / (1 - np.exp(-(V + 55) / 10)); bn = 0.125 * np.exp(-(V + 65) / 80)
    aa = 0.0052 * (V - 11.1) / (1 - np.exp(-(V - 11.1) / 13.1)); ba = 0.01938 * np.exp(-(V + 1.27) / 71) - 0.0053
    b = 1 / (1 + np.exp((V + 58) / 11))
    return am / (am + bm), ah / (ah + bh), an / (an + bn), aa / (aa + ba), b

def run(method, dt):
    defaultclock.dt = dt
    g = NeuronGroup(1, eqs, method=method, threshold="v > 0*mV", refractory="v > 0*mV")
    g.v = -65 * mV
    g.m, g.h, g.n, g.a, g.bb = steady(-65.0)
    g.bb1 = g.bb
    s = SpikeMonitor(g); st = StateMonitor(g, ["v", "a", "bb", "bb1"], record=0, dt=0.01 * ms)
    net = Network(g, s, st); net.run(200 * ms)
    return np.array(s.t / ms), np.array(st.v[0] / mV), np.array(st.a[0] ** 2 * (0.5 * st.bb[0] + 0.5 * st.bb1[0]))

ref, vref, fref = run("rk4", 0.001 * ms)
ee, vee, fee = run("exponential_euler", 0.01 * ms)
print("Brian2 rk4 1us:", len(ref), "spikes at", np.round(ref, 3).tolist())
print("Brian2 exponential Euler 10us:", len(ee), "spikes at", np.round(ee, 3).tolist())
if len(sys.argv) > 1:
    rows = np.loadtxt(sys.argv[1])
    v = rows[:, 1] * 1000
    mine = rows[1:, 0][(v[1:] > 0) & (v[:-1] <= 0)] * 1000   # the end of the step where v crosses 0 mV upwards
    print("NeuroSharp:", len(mine), "spikes at", np.round(mine, 3).tolist())
    k = min(len(v), len(vee))
    print("v file rows:", len(rows), "; max |v - v_expEuler(Brian2)|: %.4f mV" % np.max(np.abs(v[:k] - vee[:k])))
    print("max |v - v_rk4(Brian2)|: %.4f mV" % np.max(np.abs(v[:k] - vref[:k])))
if len(sys.argv) > 2:
    # Brian2's monitor samples before each step, row k of the file after step k: row k against sample k (t = k dt).
    f = np.loadtxt(sys.argv[2])[:, 1]
    k = min(len(f), len(fee))
    print("fopen: at t = 0 %.6f (Brian2 %.6f), peak %.5f (Brian2 exponential Euler %.5f); max |fopen - Brian2 exponential Euler| %.2e, max |fopen - Brian2 rk4| %.2e"
          % (f[0], fee[0], f.max(), fee.max(), np.max(np.abs(f[:k] - fee[:k])), np.max(np.abs(f[:k] - fref[:k]))))
