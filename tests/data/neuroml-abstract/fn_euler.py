# NeuroML's FitzHugh-Nagumo cells (Cells.xml) stepped by forward Euler in double, as jLEMS steps them, against a LEMS output file.
#   python3 fn_euler.py ex9.dat              NeuroML2's LEMS_NML2_Ex9_FN.xml: fitzHughNagumoCell, I 0.8, dt 0.01 s, columns V W
#   python3 fn_euler.py fn1969.dat 1969      tests/data/neuroml-abstract/LEMS_FitzHughNagumo1969.xml, dt 0.01 ms
# Prints the largest |V - V_euler|, |W - W_euler| and the periods of the limit cycle (upward zero crossings of V) in both.
import sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
def crossings(ts, vs):
    return [ts[k - 1] + (ts[k] - ts[k - 1]) * (-vs[k - 1]) / (vs[k] - vs[k - 1]) for k in range(1, len(vs)) if vs[k - 1] < 0 <= vs[k]]
def report(name, dt, n, step, v0, w0, col):
    v, w, vs, ws = v0, w0, [v0], [w0]
    for _ in range(n):
        v, w = step(v, w)
        vs.append(v); ws.append(w)
    ts = [k * dt for k in range(n + 1)]
    fv = [r[col] for r in rows]; fw = [r[col + 1] for r in rows]
    print(name, "rows", len(rows), "max |V - Euler|", max(abs(a - b) for a, b in zip(fv, vs)), "max |W - Euler|", max(abs(a - b) for a, b in zip(fw, ws)))
    ce, cf = crossings(ts, vs), crossings(ts, fv)
    print("  upward crossings of V: Euler", [round(c, 4) for c in ce], "file", [round(c, 4) for c in cf])
    print("  periods: Euler", [round(b - a, 4) for a, b in zip(ce, ce[1:])], "file", [round(b - a, 4) for a, b in zip(cf, cf[1:])])
    print("  end: Euler V W", vs[-1], ws[-1], "file", fv[-1], fw[-1])
if len(sys.argv) > 2 and sys.argv[2] == "1969":
    dt = 0.01  # ms
    def cell(I):
        return lambda v, w: (v + dt * ((v - v ** 3 / 3) - w + I), w + dt * 0.08 * (v + 0.7 - 0.8 * w))
    report("rest (I 0)", dt, len(rows) - 1, cell(0.0), -1.0, -0.5, 1)
    report("cycle (I 0.5)", dt, len(rows) - 1, cell(0.5), -1.0, -0.5, 3)
else:
    dt = 0.01  # s; SEC = 1 s
    report("Ex9 (I 0.8)", dt, len(rows) - 1, lambda v, w: (v + dt * ((v - v ** 3 / 3) - w + 0.8), w + dt * 0.08 * (v + 0.7 - 0.8 * w)), 0.0, 0.0, 1)
