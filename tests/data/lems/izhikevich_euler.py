# Forward Euler of NeuroML's izhikevichCell (Cells.xml) in double precision, as jLEMS steps it: t in ms, v in mV.
# dv/dt = 0.04 v^2 + 5 v + 140 - U + I;  dU/dt = a (b v - U);  v > thresh -> v = c, U += d;  v(0) = v0, U(0) = b v0.
# I = amplitude while delay <= t < delay + duration, t the time at the start of the step.
def run(a, b, c, d, v0, amp, delay, dt=0.005, length=200.0, thresh=30.0):
    v, u, spikes = v0, b * v0, []
    n = round(length / dt)
    for k in range(n):
        t = k * dt
        i = amp if delay <= t < delay + 2000 else 0.0
        v, u = v + dt * (0.04 * v * v + 5 * v + 140 - u + i), u + dt * (a * (b * v - u))
        if v > thresh:
            v, u = c, u + d
            spikes.append((k + 1) * dt)
    return spikes
for name, p in (("tonic", (0.02, 0.2, -65, 6, -70, 14, 20)), ("burst", (0.02, 0.2, -50, 2, -70, 15, 22))):
    s = run(*p)
    print(name, len(s), " ".join(f"{x:.3f}" for x in s))

# The trace of izh.dat (jnml's layout: t in s, then tonic v (V), tonic U, burst v (V)) against the Euler loop above.
import sys
if len(sys.argv) > 1:
    rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
    def trace(a, b, c, d, v0, amp, delay, dt=0.005, length=200.0):
        v, u, out = v0, b * v0, [(v0, b * v0)]
        for k in range(round(length / dt)):
            i = amp if delay <= k * dt < delay + 2000 else 0.0
            v, u = v + dt * (0.04 * v * v + 5 * v + 140 - u + i), u + dt * (a * (b * v - u))
            if v > 30:
                v, u = c, u + d
            out.append((v, u))
        return out
    tonic = trace(0.02, 0.2, -65, 6, -70, 14, 20)
    burst = trace(0.02, 0.2, -50, 2, -70, 15, 22)
    print("rows", len(rows), "expected", len(tonic))
    print("max |t - k dt| (s)", max(abs(r[0] - k * 5e-6) for k, r in enumerate(rows)))
    print("max |v - v_euler| tonic (mV)", max(abs(r[1] * 1000 - tonic[k][0]) for k, r in enumerate(rows)))
    print("max |U - U_euler| tonic", max(abs(r[2] - tonic[k][1]) for k, r in enumerate(rows)))
    print("max |v - v_euler| burst (mV)", max(abs(r[3] * 1000 - burst[k][0]) for k, r in enumerate(rows)))
