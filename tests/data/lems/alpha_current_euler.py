# NeuroML2's LEMS_NML2_Ex21_CurrentBasedSynapses.xml by forward Euler in double, as jLEMS steps NeuroML's equations:
#   iafRefCell: C dv/dt = g_L (E_L - v) + I; v > thresh -> v = reset, held for refract; v(0) = E_L (Cells.xml, OnStart v = leakReversal)
#   alphaCurrentSynapse: dI/dt = (e J - I) / tau, dJ/dt = -J / tau; a spike adds weight * ibase to J (Synapses.xml)
# C 250 pF, g_L 12.5 nS, E_L 0, reset -1 mV, thresh 1 mV, refract 2 ms; tau 1 ms, ibase 1 nA, weight 0.05, delay 1 ms;
# presynaptic spikes at 100, 120, 126, 135 ms; dt 0.001 ms, 300 ms.
# Usage: python3 alpha_current_euler.py [results/ex21_v.dat]  (compares v with the file's second column)
import math, sys
C, gL, EL, reset, thresh, refract = 250.0, 12.5, 0.0, -1.0, 1.0, 2.0      # pF, nS, mV, ms
tau, w_ibase, delay, dt, n = 1.0, 0.05 * 1000.0, 1.0, 0.001, 300000       # ms, pA, ms
arrivals = {round((t + delay) / dt) for t in (100, 120, 126, 135)}        # steps at which J jumps
v, I, J, last, spikes, trace = EL, 0.0, 0.0, -1e9, [], [EL]
for k in range(n):
    if k in arrivals:
        J += w_ibase
    t = k * dt
    refractory = t - last < refract
    dv = 0.0 if refractory else (gL * (EL - v) + I) / C
    v, I, J = v + dt * dv, I + dt * (math.e * J - I) / tau, J - dt * J / tau
    if not refractory and v > thresh:
        v, last = reset, (k + 1) * dt
        spikes.append((k + 1) * dt)
    trace.append(v)
print("spikes (ms):", " ".join(f"{s:.3f}" for s in spikes), " peak v (mV): %.5f" % max(trace))
if len(sys.argv) > 1:
    rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
    print("rows", len(rows), "expected", len(trace))
    print("max |v - v_euler| (mV): %.6f" % max(abs(r[1] * 1000 - trace[k]) for k, r in enumerate(rows)))
    # Away from the spike (a grazing crossing: v climbs 1e-4 mV per step there, so a step's rounding moves it) and the
    # refractory period after it:
    away = [k for k in range(len(rows)) if all(not (s / dt - 10 <= k <= s / dt + refract / dt + 10) for s in spikes)]
    print("max |v - v_euler| away from the spike (mV): %.6f" % max(abs(rows[k][1] * 1000 - trace[k]) for k in away))
    print("v at 105 ms (mV): file %.6f, Euler %.6f" % (rows[105000][1] * 1000, trace[105000]))
