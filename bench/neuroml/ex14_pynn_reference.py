"""LEMS_NML2_Ex14_PyNN (PyNN's standard cells in NeuroML, NML2_PyNNCells.nml) as an independent double loop.

Written from LEMS_NML2_Ex14_PyNN.xml, examples/NML2_PyNNCells.nml and NeuroML2CoreTypes/PyNN.xml, not from NeuroSharp's code. Units
mV, ms, nF, nA, uS (PyNN.xml's dimensionless parameters). Forward Euler (jLEMS's integrator) at dt 0.01 ms from the start-of-step
values, 50 000 steps:
  IF_*:   dv/dt = i_offset / cm + (v_rest - v) / tau_m + iSyn / cm; v > v_thresh -> spike, v = v_reset held for tau_refrac.
  EIF_*:  dv/dt = (v_rest - v + delta_I) / tau_m + (i_offset - w) / cm + iSyn / cm, delta_I = delta_T exp((v - v_thresh) / delta_T)
          (0 where delta_T = 0), dw/dt = (a (v - v_rest) - w) / tau_w in both regimes; v > eif_threshold (v_spike, or v_thresh where
          delta_T = 0) -> spike, v = v_reset held, w += b.
  HH_cond_exp: leak, Na m^3 h, K n^4, Traub's rates with v_offset; m, h, n start at 0; no spike condition.
  Synapses (tau_syn 5 ms): expCondSynapse g' = -g / tau, i = g (e_rev - v); alphaCondSynapse g' = (e A - g) / tau, A' = -A / tau,
  i = g (e_rev - v); expCurrSynapse I' = -I / tau, i = I; alphaCurrSynapse I' = (e A - I) / tau, A' = -A / tau, i = I (e = 2.7182818).
  A spike in step k through a delay D is added to the synapse (g, I or A += weight) at the end of step k + round(D / dt), so that it
  acts from the next step (NeuroSharp's delivery of a spike after the step's threshold).
The two SpikeSourcePoissons have no projections, so they change no cell; they are left out.

Refractoriness, two ways: "engine": v held in the round(tau_refrac / dt) - 1 steps after the spike's step (NeuroSharp's count);
"jlems": held until the first step that ends with t > spike time + tau_refrac (jLEMS's OnCondition), two steps more at these times.
And a third loop, "engine, expeuler": the engine's count with the IF and target cells' v by exponential Euler (synaptic conductance
held over the step, v relaxing exactly towards its moving equilibrium: the engine's conductanceLif scheme), the rest as above.

usage: /usr/bin/python3 bench/neuroml/ex14_pynn_reference.py [OUT]
Prints each cell's spike steps under both conventions and, given NeuroSharp's output folder OUT (spikes.csv, results/ex14.dat,
results/ex14_g.dat), the largest spike-time difference per cell from each and the largest v and g differences from the
"engine, expeuler" loop (rows of a spike's step left out: NeuroSharp's row holds v before its reset).
"""
import csv
import math
import os
import sys

dt, steps = 0.01, 50000
E = 2.7182818
TAU_SYN = 5.0

IAF = {  # name: (cm, i_offset, tau_m, tau_refrac, v_reset, v_rest, v_thresh)
    "pop_IF_curr_alpha": (1.0, 0.9, 20.0, 10.0, -62.0, -65.0, -52.0),
    "pop_IF_curr_exp": (1.0, 1.0, 20.0, 8.0, -70.0, -65.0, -50.0),
    "pop_IF_cond_alpha": (1.0, 0.9, 20.0, 5.0, -65.0, -65.0, -50.0),
    "pop_IF_cond_exp": (1.0, 1.0, 20.0, 5.0, -68.0, -65.0, -52.0),
}
EIF = {  # name: (a, b, cm, delta_T, i_offset, tau_m, tau_refrac, tau_w, v_reset, v_rest, v_spike, v_thresh)
    "pop_EIF_cond_exp_isfa_ista": (0.0, 0.0805, 0.281, 2.0, 0.6, 9.3667, 5.0, 144.0, -68.0, -70.6, -40.0, -52.0),
    "pop_EIF_cond_alpha_isfa_ista": (0.0, 0.0805, 0.281, 0.0, 0.6, 9.3667, 5.0, 144.0, -68.0, -70.6, -40.0, -52.0),
}
TARGET = (1.0, 0.0, 20.0, 5.0, -65.0, -65.0, -50.0)  # silent_cell, an IF_cond_alpha
# projections: (source, target cell, synapse kind, weight, delay ms)
PROJECTIONS = [
    ("pop_EIF_cond_exp_isfa_ista", 0, "expCond", 0.01, 10.0),
    ("pop_EIF_cond_alpha_isfa_ista", 1, "alphaCond", 0.005, 20.0),
    ("pop_IF_curr_alpha", 2, "expCurr", 1.0, 30.0),
    ("pop_IF_cond_exp", 3, "alphaCurr", 0.5, 40.0),
]
HH = dict(cm=0.2, gbar_K=6.0, gbar_Na=20.0, g_leak=0.01, e_rev_K=-90.0, e_rev_Na=50.0, e_rev_leak=-65.0, v_offset=-63.0, i_offset=0.2)


class Cell:
    def __init__(self, name, refractory_ms, convention):
        self.name, self.v, self.held, self.last, self.spikes = name, -65.0, 0, None, []
        self.steps_held = round(refractory_ms / dt) - 1
        self.refractory_ms, self.convention = refractory_ms, convention

    def spike(self, k):
        """A spike in step k: v is held in steps k + 1 .. self.until."""
        self.spikes.append(k)
        self.last = k
        if self.convention == "engine":
            self.until = k + self.steps_held
        else:
            # jLEMS: the refractory regime's OnCondition t > lastSpikeTime + tau_refrac, checked at the end of each step it is in
            # (lastSpikeTime the end of the spike's step); the cell integrates again from the step after the one that passes it.
            spike_t = (k + 1) * dt
            j = k + 1
            while not (j + 1) * dt > spike_t + self.refractory_ms + 1e-9:
                j += 1
            self.until = j


def step_v(v, drive, g_syn, e_syn, tau_m, integrator):
    """One step of tau_m dv/dt = drive - v + g_syn (e_syn - v) (drive = v_rest + R i, g_syn in leak units): forward Euler, or
    exponential Euler with the conductance held over the step (v relaxes exactly towards its moving equilibrium)."""
    if integrator == "euler":
        return v + dt * (drive - v + g_syn * (e_syn - v)) / tau_m
    G = 1 + g_syn
    v_inf = (drive + g_syn * e_syn) / G
    return v_inf + (v - v_inf) * math.exp(-G * dt / tau_m)


def run(convention, integrator="euler"):
    cells = {}
    for name, (cm, i0, tau_m, ref, reset, rest, thresh) in IAF.items():
        cells[name] = Cell(name, ref, convention)
    for name, p in EIF.items():
        cells[name] = Cell(name, p[6], convention)
        cells[name].w = 0.0
    targets = [Cell(f"pop_target[{i}]", TARGET[3], convention) for i in range(4)]
    syn = [dict(g=0.0, A=0.0, I=0.0) for _ in range(4)]  # one synapse instance per target cell (as Ex14 connects them)
    hh = dict(v=-65.0, m=0.0, h=0.0, n=0.0)
    pending = {}
    rows = []
    for k in range(steps):
        fired = []
        # IF cells (their own current only: nothing projects onto them)
        for name, (cm, i0, tau_m, ref, reset, rest, thresh) in IAF.items():
            c = cells[name]
            if not held(c, k):
                c.v = step_v(c.v, rest + i0 * tau_m / cm, 0.0, 0.0, tau_m, integrator)
                if c.v > thresh:
                    c.v = reset
                    c.spike(k)
                    fired.append(name)
        for name, (a, b, cm, dT, i0, tau_m, ref, tau_w, reset, rest, v_spike, thresh) in EIF.items():
            c = cells[name]
            dw = (a * (c.v - rest) - c.w) / tau_w
            if held(c, k):
                c.w += dt * dw
                continue
            delta_i = dT * math.exp((c.v - thresh) / dT) if dT > 0 else 0.0
            dv = (rest - c.v + delta_i) / tau_m + (i0 - c.w) / cm
            c.v, c.w = c.v + dt * dv, c.w + dt * dw
            if c.v > (v_spike if dT > 0 else thresh):
                c.v = reset
                c.w += b
                c.spike(k)
                fired.append(name)
        # HH_cond_exp
        v, m, h, n = hh["v"], hh["m"], hh["h"], hh["n"]
        p = HH
        vo = p["v_offset"]
        am = 0.32 * (13 - v + vo) / (math.exp((13 - v + vo) / 4.0) - 1)
        bm = 0.28 * (v - vo - 40) / (math.exp((v - vo - 40) / 5.0) - 1)
        ah = 0.128 * math.exp((17 - v + vo) / 18.0)
        bh = 4.0 / (1 + math.exp((40 - v + vo) / 5))
        an = 0.032 * (15 - v + vo) / (math.exp((15 - v + vo) / 5) - 1)
        bn = 0.5 * math.exp((10 - v + vo) / 40)
        i_memb = (p["g_leak"] * (p["e_rev_leak"] - v) + p["gbar_Na"] * m ** 3 * h * (p["e_rev_Na"] - v)
                  + p["gbar_K"] * n ** 4 * (p["e_rev_K"] - v) + p["i_offset"])
        hh.update(v=v + dt * i_memb / p["cm"], m=m + dt * (am * (1 - m) - bm * m), h=h + dt * (ah * (1 - h) - bh * h),
                  n=n + dt * (an * (1 - n) - bn * n))
        # the target cells and their synapses
        cm, i0, tau_m, ref, reset, rest, thresh = TARGET
        for i, c in enumerate(targets):
            s = syn[i]
            kind = PROJECTIONS[i][2]
            g_leak = cm / tau_m  # uS
            g_syn, i_syn = (s["g"], 0.0) if kind.endswith("Cond") else (0.0, s["I"])
            if not held(c, k):
                c.v = step_v(c.v, rest + (i0 + i_syn) / g_leak, g_syn / g_leak, 0.0, tau_m, integrator)
                if c.v > thresh:
                    c.v = reset
                    c.spike(k)
            if kind == "expCond":
                s["g"] -= dt * s["g"] / TAU_SYN
            elif kind == "alphaCond":
                s["g"], s["A"] = s["g"] + dt * (E * s["A"] - s["g"]) / TAU_SYN, s["A"] - dt * s["A"] / TAU_SYN
            elif kind == "expCurr":
                s["I"] -= dt * s["I"] / TAU_SYN
            else:
                s["I"], s["A"] = s["I"] + dt * (E * s["A"] - s["I"]) / TAU_SYN, s["A"] - dt * s["A"] / TAU_SYN
        # delivery at the end of the step
        for src in fired:
            for j, (pre, post, kind, weight, delay) in enumerate(PROJECTIONS):
                if pre == src:
                    pending.setdefault(k + round(delay / dt), []).append(j)
        for j in pending.pop(k, []):
            kind, weight = PROJECTIONS[j][2], PROJECTIONS[j][3]
            s = syn[PROJECTIONS[j][1]]
            if kind == "expCond":
                s["g"] += weight
            elif kind == "expCurr":
                s["I"] += weight
            else:
                s["A"] += weight
        rows.append((cells["pop_IF_curr_exp"].v, cells["pop_IF_cond_alpha"].v, cells["pop_EIF_cond_exp_isfa_ista"].v, hh["v"],
                     *[t.v for t in targets], syn[0]["g"], syn[1]["g"]))
    spikes = {name: c.spikes for name, c in cells.items()}
    spikes.update({t.name: t.spikes for t in targets})
    return spikes, rows


def held(c, k):
    """Whether cell c holds v in step k."""
    return c.last is not None and k <= c.until


def main():
    results = {conv: run(conv) for conv in ("engine", "jlems")}
    results["engine, expeuler"] = run("engine", "expeuler")
    for conv, (spikes, _) in results.items():
        print(f"{conv} loop:")
        for name, s in spikes.items():
            print(f"  {name}: {len(s)} spikes, steps {s[:6]}{' ...' if len(s) > 6 else ''}")
    if len(sys.argv) < 2:
        return
    out = sys.argv[1]
    got = {}
    with open(os.path.join(out, "spikes.csv")) as f:
        for r in csv.DictReader(f):
            name = r["population"] if r["population"] != "pop_target" else f"pop_target[{r['neuron']}]"
            got.setdefault(name, []).append(int(r["step"]))
    for conv, (spikes, _) in results.items():
        print(f"NeuroSharp against the {conv} loop (spike steps):")
        for name, s in spikes.items():
            g = got.get(name, [])
            worst = max((abs(a - b) for a, b in zip(s, g)), default=0)
            print(f"  {name}: {len(g)} spikes (loop {len(s)}), largest difference {worst} steps = {worst * dt:.2f} ms")
    spikes, rows = results["engine, expeuler"]
    spike_rows = {k + 1 for s in spikes.values() for k in s}
    names = ["IF_curr_exp", "IF_cond_alpha", "EIF_cond_exp_isfa_ista", "HH_cond_exp", "target[0]", "target[1]", "target[2]", "target[3]"]
    worst = [0.0] * 8
    with open(os.path.join(out, "results", "ex14.dat")) as f:
        for k, line in enumerate(f):
            if k == 0 or k in spike_rows:
                continue
            vals = [float(x) * 1000 for x in line.split()[1:]]
            for c in range(8):
                worst[c] = max(worst[c], abs(vals[c] - rows[k - 1][c]))
    print("largest |v - (engine, expeuler) loop| (mV, spike rows left out): " + ", ".join(f"{n} {w:.4f}" for n, w in zip(names, worst)))
    worst_g = [0.0, 0.0]
    with open(os.path.join(out, "results", "ex14_g.dat")) as f:
        for k, line in enumerate(f):
            if k == 0:
                continue
            vals = [float(x) for x in line.split()[1:]]
            for c in range(2):
                worst_g[c] = max(worst_g[c], abs(vals[c] - rows[k - 1][8 + c]))
    print(f"largest |g - (engine, expeuler) loop| (uS): syn1 {worst_g[0]:.3g}, syn2 {worst_g[1]:.3g}")


if __name__ == "__main__":
    main()
