"""From PyNN's objects to a NeuroSharp network file (docs/formats.md), one run of
`neurosharp simulate --format nwb`, and the NWB file back to spike trains and signals.

Units (docs/pynn.md): PyNN gives currents in nA, conductances in uS, capacitance in nF; the engine's
LIF models take currents as voltage-equivalents (mV, I R with R = tau_m / cm in MOhm) and
conductances in units of the leak conductance (g / g_L with g_L = cm / tau_m); Izhikevich's current
is in pA per pF (nA x 1000, as PyNN's brian2 backend divides by 1 pF).
"""
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict

import numpy as np
from pyNN import random as pynn_random

from . import simulator

NEUROSHARP_ENV = "NEUROSHARP"


class RunResults:
    """What one run recorded: spikes[(population, index)] -> times in ms; signals[(population, variable)]
    -> (recorded indices, values [samples, indices], initial value per index)."""

    def __init__(self, spikes, signals, metrics):
        self.spikes = spikes
        self.signals = signals
        self.metrics = metrics


def executable():
    """The neurosharp command: $NEUROSHARP, else the repository's ./neurosharp beside this package."""
    named = os.environ.get(NEUROSHARP_ENV)
    if named:
        return named
    here = os.path.dirname(os.path.realpath(__file__))
    script = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(here))), "neurosharp")
    if os.path.exists(script):
        return script
    found = shutil.which("neurosharp")
    if found:
        return found
    raise RuntimeError(f"neurosharp was not found: set {NEUROSHARP_ENV} to the neurosharp command (or the repository's ./neurosharp).")


def _uniform(population, name):
    """A parameter that must be the same for every cell of a population (the engine's models take one value)."""
    values = np.asarray(population._parameters[name].evaluate(simplify=False) if hasattr(population._parameters[name], "evaluate") else population._parameters[name], dtype=float).ravel()
    if values.size and not np.all(values == values[0]):
        raise ValueError(f"Population {population.label!r}: {name} differs between cells ({values.min()} to {values.max()}); "
                         f"NeuroSharp takes one value per population (only i_offset may differ).")
    return float(values[0]) if values.size else 0.0


def _per_cell(population, name):
    v = population._parameters[name]
    return np.asarray(v.evaluate(simplify=False) if hasattr(v, "evaluate") else v, dtype=float).ravel()


class _Cells:
    """One PyNN population as the engine sees it: model, params, unit conversions."""

    def __init__(self, population, name, tstop, dt):
        self.population = population
        self.name = name
        kind = type(population.celltype).__name__
        self.kind = kind
        self.extra_inputs = []
        p = lambda n: _uniform(population, n)
        if kind in ("IF_curr_exp", "IF_curr_alpha", "IF_cond_exp", "IF_cond_alpha"):
            self.resistance = p("tau_m") / p("cm")  # MOhm: nA -> mV
            params = {"tauMs": p("tau_m"), "restMv": p("v_rest"), "resetMv": p("v_reset"), "thresholdMv": p("v_thresh"),
                      "refractoryMs": p("tau_refrac"), "tauExcMs": p("tau_syn_E"), "tauInhMs": p("tau_syn_I")}
            if kind.endswith("_alpha"):
                # Alpha-shaped inputs w (t/tau) exp(1 - t/tau), peak w at t = tau (NEST's iaf_psc_alpha and
                # iaf_cond_alpha, PyNN's definition): the engine's rise time equal to the decay time.
                params.update(riseExcMs=p("tau_syn_E"), riseInhMs=p("tau_syn_I"))
            if kind.startswith("IF_cond"):
                self.model = "conductanceLif"
                params.update(excReversalMv=p("e_rev_E"), inhReversalMv=p("e_rev_I"))
                self.weight_scale = self.resistance  # uS x (tau_m / cm) = g / g_L
            else:
                self.model = "lif"
                self.weight_scale = self.resistance  # nA x R = the input's peak as a voltage-equivalent (mV)
            self.current_scale = self.resistance
            self.params = params
            self.delta_synapse = False
        elif kind == "IF_curr_delta":
            # A spike of weight w mV moves v by w (PyNN's voltage step): an engine input with time constant 0 lasts
            # one step and moves v by g (1 - exp(-dt / tau_m)), so g = w / (1 - exp(-dt / tau_m)), one step later
            # than Brian2's jump, so the delay is shortened by dt (as for Izhikevich).
            self.resistance = p("tau_m") / p("cm")
            self.model = "lif"
            self.params = {"tauMs": p("tau_m"), "restMv": p("v_rest"), "resetMv": p("v_reset"), "thresholdMv": p("v_thresh"),
                           "refractoryMs": p("tau_refrac"), "tauExcMs": 0.0, "tauInhMs": 0.0}
            self.weight_scale = 1.0 / -math.expm1(-dt / p("tau_m"))
            self.current_scale = self.resistance
            self.delta_synapse = True
        elif kind == "Izhikevich":
            self.model = "izhikevich"
            self.params = {"a": p("a"), "b": p("b"), "c": p("c"), "d": p("d"), "peakMv": 30.0, "tauExcMs": 0.0, "tauInhMs": 0.0}
            # PyNN's Izhikevich synapses jump v by w mV; an engine input with tau 0 lasts one step, so w / dt.
            self.weight_scale = 1.0 / dt
            self.current_scale = 1000.0
            self.delta_synapse = True
        elif kind == "SpikeSourcePoisson":
            rate, start, duration = _per_cell(population, "rate"), _per_cell(population, "start"), _per_cell(population, "duration")
            if np.all(start <= 0) and np.all(start + duration >= tstop):
                self.model = "poisson"
                self.params = {"rateHz": float(rate[0])} if np.all(rate == rate[0]) else {"ratesHz": [float(r) for r in rate]}
            else:
                # A window the engine's Poisson model lacks: the spikes are drawn here (numpy, seeded by setup).
                rng = np.random.default_rng(simulator.state.seed + 104729 * simulator.state.populations.index(population))
                indices, times = [], []
                for i in range(population.size):
                    lo, hi = max(0.0, start[i]), min(tstop, start[i] + duration[i])
                    count = rng.poisson(rate[i] * max(0.0, hi - lo) / 1000)
                    t = np.sort(np.round(rng.uniform(lo, hi, count) / dt) * dt)
                    indices.extend([i] * len(t))
                    times.extend(t.tolist())
                self.model = "spikeTimes"
                self.params = {"indices": indices, "timesMs": times}
            self.delta_synapse = False
        elif kind == "SpikeSourceArray":
            indices, times = [], []
            for i, seq in enumerate(population._parameters["spike_times"].evaluate(simplify=False) if hasattr(population._parameters["spike_times"], "evaluate") else population._parameters["spike_times"]):
                t = np.asarray(seq.value if hasattr(seq, "value") else seq, dtype=float)
                t = t[t < tstop]
                indices.extend([i] * len(t))
                times.extend(t.tolist())
            self.model = "spikeTimes"
            self.params = {"indices": indices, "timesMs": times}
            self.delta_synapse = False
        else:
            raise NotImplementedError(f"NeuroSharp's PyNN backend does not run {kind} (population {population.label!r}); "
                                      "it runs IF_curr_exp, IF_curr_alpha, IF_curr_delta, IF_cond_exp, IF_cond_alpha, Izhikevich, SpikeSourcePoisson and SpikeSourceArray.")
        if self.injectable:
            offsets = _per_cell(population, "i_offset")
            for value in np.unique(offsets[offsets != 0]):
                idx = np.nonzero(offsets == value)[0]
                self.extra_inputs.append({"type": "current", "target": name, "indices": [int(i) for i in idx],
                                          "amplitude": float(value) * self.current_scale, "startMs": 0})

    @property
    def injectable(self):
        return self.model not in ("poisson", "spikeTimes")

    def initial(self):
        """The engine's "initial": a number or a uniform/normal distribution per variable (whole population)."""
        out, known = {}, {}
        for variable, indices, lazy in self.population._initial_parts:
            if variable not in ("v", "u"):
                # PyNN sets every state variable's default; synaptic variables start at 0 in the engine too.
                if np.all(np.asarray(lazy.evaluate(simplify=False), dtype=float) == 0):
                    continue
                raise NotImplementedError(f"Population {self.population.label!r}: NeuroSharp initialises v and u only (got {variable}).")
            base = lazy.base_value
            if isinstance(base, pynn_random.RandomDistribution) and indices is None:
                if base.name == "uniform":
                    out[variable] = {"uniform": [float(base.parameters["low"]), float(base.parameters["high"])]}
                elif base.name == "normal":
                    out[variable] = {"normal": [float(base.parameters["mu"]), float(base.parameters["sigma"])]}
                else:
                    raise NotImplementedError(f"Population {self.population.label!r}: initial {variable} from {base.name!r}; NeuroSharp draws uniform or normal.")
                known[variable] = None
                continue
            values = np.asarray(lazy.evaluate(simplify=False), dtype=float).ravel()
            if not np.all(values == values[0]) or (indices is not None and len(indices) != self.population.size):
                raise NotImplementedError(f"Population {self.population.label!r}: initial {variable} differs between cells; "
                                          "NeuroSharp takes one value or one distribution per population.")
            out[variable] = float(values[0])
            known[variable] = float(values[0])
        return out, known


def _engine_name(population, taken):
    label = re.sub(r"[^A-Za-z0-9_.-]", "_", population.label or "") or "population"
    name, n = label, 2
    while name in taken:
        name, n = f"{label}_{n}", n + 1
    taken.add(name)
    return name


def _split(obj, indices):
    """Indices into a Population, PopulationView or Assembly -> (base population, its indices) groups."""
    indices = np.asarray(indices, dtype=np.int64)
    if hasattr(obj, "populations"):  # Assembly
        out, offset = [], 0
        for p in obj.populations:
            mask = (indices >= offset) & (indices < offset + p.size)
            out.extend((base, np.nonzero(mask)[0][pos], idx) for base, pos, idx in _split_positions(p, indices[mask] - offset))
            offset += p.size
        return out
    return list(_split_positions(obj, indices))


def _split_positions(obj, indices):
    if hasattr(obj, "grandparent"):  # PopulationView
        yield obj.grandparent, np.arange(len(indices)), obj.index_in_grandparent(indices)
    else:
        yield obj, np.arange(len(indices)), indices


def build(state, tstop):
    """The network file as a dict, and the per-population conversion objects by PyNN population."""
    dt = state.dt
    taken, cells = set(), {}
    state.engine_name = {}
    for population in state.populations:
        name = _engine_name(population, taken)
        state.engine_name[population] = name
        cells[population] = _Cells(population, name, tstop, dt)
    receptors = defaultdict(set)
    projections = []
    for k, projection in enumerate(state.projections):
        pre, post, weight, delay = projection.arrays()
        receptor = projection.receptor_type
        groups = defaultdict(lambda: ([], [], [], []))
        for src, src_pos, src_idx in _split(projection.pre, pre):
            for tgt, tgt_pos, tgt_idx in _split(projection.post, post[src_pos]):
                rows = src_pos[tgt_pos]
                g = groups[(src, tgt)]
                g[0].append(src_idx[tgt_pos])
                g[1].append(tgt_idx)
                g[2].append(weight[rows])
                g[3].append(delay[rows])
        for (src, tgt), g in groups.items():
            s, t, w, d = (np.concatenate(x) for x in g)
            if len(s) == 0:
                continue
            target = cells[tgt]
            if not target.injectable:
                raise ValueError(f"Projection {projection.label!r} targets the spike source {tgt.label!r}.")
            receptors[src].add(receptor)
            w = np.abs(w) * target.weight_scale
            if target.delta_synapse:
                d = np.maximum(d - dt, 0.0)  # the engine's one-step input moves v one step after Brian2's jump
            spec = {"name": f"{cells[src].name}->{target.name}#{k}", "source": cells[src].name, "target": target.name, "receptor": receptor,
                    "connectivity": {"rule": "explicit", "sources": s.tolist(), "targets": t.tolist()}}
            spec["weight"] = float(w[0])  # required; the list, when given, wins
            if not np.all(w == w[0]):
                spec["connectivity"]["weights"] = w.tolist()
            if np.all(d == d[0]):
                spec["delayMs"] = float(d[0])
            else:
                spec["connectivity"]["delaysMs"] = d.tolist()
            projections.append(spec)

    populations, inputs, monitors, initial_known = [], [], [], {}
    for population, c in cells.items():
        kinds = receptors[population]
        kind = "mixed" if len(kinds) != 1 else next(iter(kinds))
        spec = {"name": c.name, "count": population.size, "model": c.model, "params": c.params, "kind": kind}
        if c.injectable:
            init, known = c.initial()
            if init:
                spec["initial"] = init
            initial_known[c.name] = known
        populations.append(spec)
        inputs.extend(c.extra_inputs)
        recorder = population.recorder
        for variable, ids in recorder.recorded.items():
            indices = sorted(int(population.id_to_index(i)) for i in ids)
            if not indices:
                continue
            if variable == "spikes":
                monitors.append({"type": "spikes", "target": c.name, "indices": indices})
            elif variable in ("v", "u"):
                every = max(1, int(round(recorder.sampling_interval / dt)))
                monitors.append({"type": "state", "target": c.name, "variables": [variable], "indices": indices, "everySteps": every})
            else:
                raise NotImplementedError(f"Population {population.label!r}: NeuroSharp records spikes, v and u (got {variable}).")

    for source in state.current_sources:
        per_population = defaultdict(list)
        for cell in source.cells:
            per_population[cell.parent].append(int(cell.parent.id_to_index(cell)))
        for population, indices in per_population.items():
            c = cells[population]
            for start, stop, amplitude in source.segments(tstop, dt):
                if amplitude == 0 or start >= tstop:
                    continue
                item = {"type": "current", "target": c.name, "indices": sorted(indices), "amplitude": amplitude * c.current_scale, "startMs": max(0.0, start)}
                if stop is not None and stop < 1e11:
                    item["stopMs"] = stop
                inputs.append(item)

    network = {"format": "neurosharp.network", "version": 1, "name": "pynn", "description": "written by pyNN.neurosharp",
               "dtMs": dt, "populations": populations, "projections": projections, "inputs": inputs}
    if monitors:
        network["monitors"] = monitors
    else:
        # No recording asked: one spike monitor on an empty index list is not allowed, so record the first cell.
        network["monitors"] = [{"type": "spikes", "target": populations[0]["name"], "indices": [0]}] if populations else []
    return network, initial_known


def _initial_value(network, initial_known, target, variable):
    """The value at t = 0 that PyNN puts first in a signal: as initialize() set it, the engine's default
    (v at rest, or c for Izhikevich; u = b v), or NaN when the engine drew it from a distribution."""
    known = initial_known.get(target, {})
    if variable in known:
        return float("nan") if known[variable] is None else known[variable]
    params = next(p["params"] for p in network["populations"] if p["name"] == target)
    v0 = known.get("v", params.get("restMv", params.get("c")))
    v0 = float("nan") if v0 is None else v0
    return v0 if variable == "v" else params.get("b", float("nan")) * v0


def simulate(state, tstop):
    """Writes the network, runs neurosharp from 0 to tstop, reads the NWB file back."""
    import h5py

    network, initial_known = build(state, tstop)
    folder = tempfile.mkdtemp(prefix="pynn-neurosharp-")
    try:
        path = os.path.join(folder, "network.json")
        with open(path, "w") as handle:
            json.dump(network, handle)
        command = [executable(), "simulate", path, "--duration-ms", repr(float(tstop)), "--format", "nwb",
                   "--out", folder, "--seed", str(state.seed), "--quiet", "--json"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"neurosharp simulate failed (exit {done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
        metrics = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
        spikes, signals = {}, {}
        with h5py.File(os.path.join(folder, "simulation.nwb"), "r") as f:
            units = f["units"]
            times = units["spike_times"][()] * 1000.0
            ends = units["spike_times_index"][()]
            starts = np.concatenate([[0], ends[:-1]]).astype(np.int64)
            names = [p.decode() if isinstance(p, bytes) else str(p) for p in units["population"][()]]
            neurons = units["neuron"][()]
            for u in range(len(names)):
                spikes[(names[u], int(neurons[u]))] = np.round(times[starts[u]:ends[u]], 9)
            for monitor in network["monitors"]:
                if monitor["type"] != "state":
                    continue
                variable = monitor["variables"][0]
                data = f["acquisition"][f"{monitor['target']}_{variable}"]["data"][()].astype(float)
                known = _initial_value(network, initial_known, monitor["target"], variable)
                initial = {i: known for i in monitor["indices"]}
                signals[(monitor["target"], variable)] = (monitor["indices"], data, initial)
        return RunResults(spikes, signals, metrics)
    finally:
        if os.environ.get("NEUROSHARP_KEEP"):
            print(f"pyNN.neurosharp: network and results kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
