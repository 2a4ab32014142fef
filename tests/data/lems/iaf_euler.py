# NeuroML2's LEMS_NML2_Ex0_IaF.xml, the iafCell column (iafPop0) of results/iaf_v.dat against jLEMS's forward Euler
# in double: C dv/dt = g (E_L - v), v > thresh -> v = reset; v(0) = reset. C 3.2 pF, g 0.2 nS, E_L -53, thresh -55, reset -70 mV.
import sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
dt, v, trace, spikes = 0.005, -70.0, [-70.0], []
for k in range(60000):
    v = v + dt * 0.2 * (-53 - v) / 3.2
    if v > -55:
        v = -70.0
        spikes.append((k + 1) * dt)
    trace.append(v)
mine = [(k) * 0.005 for k in range(1, len(rows)) if rows[k][3] < rows[k - 1][3] - 0.005]
print("spikes: Euler", len(spikes), [round(s, 3) for s in spikes[:4]], "file", len(mine), [round(s, 3) for s in mine[:4]])
print("max |v - v_euler| (mV) between spikes:", max(abs(r[3] * 1000 - trace[k]) for k, r in enumerate(rows)
      if all(abs(k * 0.005 - s) > 0.2 for s in spikes)))
