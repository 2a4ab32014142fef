# c302's level-B IClamp (openworm/c302 examples/LEMS_c302_B_IClamp.xml): the cell ADAL (iafActivityCell of cell_B.xml: C 3 pF,
# g 0.1 nS, E_L = reset = -50 mV, thresh -30 mV, tau1 50 ms) under pulses of k pA from 100 + 1000 (k - 1) ms for 800 ms, k = 1..6,
# stepped by forward Euler in double as jLEMS steps it: v' = (g (E_L - v) + I) / C, activity' = ((v - reset) / (thresh - reset) - activity) / tau1,
# activity set to 0 below 0, v > thresh -> v = reset. Against NeuroSharp's files:
#   python3 c302_activity_euler.py OUT/c302_B_IClamp.dat OUT/c302_B_IClamp.activity.dat
import sys
vrows = [list(map(float, l.split())) for l in open(sys.argv[1])]
arows = [list(map(float, l.split())) for l in open(sys.argv[2])]
dt, C, g, EL, reset, thresh, tau1 = 0.05, 3.0, 0.1, -50.0, -50.0, -30.0, 50.0
def current(t):
    for k in range(1, 7):
        start = 100 + 1000 * (k - 1)
        if start <= t < start + 800: return float(k)
    return 0.0
v, a, vs, acts, spikes = reset, 0.0, [reset], [0.0], []
for step in range(len(vrows) - 1):
    t = step * dt
    v, a = v + dt * (g * (EL - v) + current(t)) / C, a + dt * ((v - reset) / (thresh - reset) - a) / tau1
    if a < 0: a = 0.0
    if v > thresh:
        v = reset
        spikes.append(round((step + 1) * dt, 3))
    vs.append(v); acts.append(a)
file_spikes = [round(k * dt, 3) for k in range(1, len(vrows)) if vrows[k][1] < vrows[k - 1][1] - 0.005]
print("rows", len(vrows), "spikes: Euler", len(spikes), "file", len(file_spikes))
print("largest spike-time difference (ms):", max(abs(x - y) for x, y in zip(spikes, file_spikes)))
print("max |activity - Euler|:", max(abs(r[1] - e) for r, e in zip(arows, acts)))
print("activity at 900, 1900, ..., 5900 ms: Euler", [round(acts[int(t / dt)], 4) for t in range(900, 6000, 1000)],
      "file", [round(arows[int(t / dt)][1], 4) for t in range(900, 6000, 1000)])
