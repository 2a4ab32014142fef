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

from . import simulator, cells_hh, synapses

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
        found = shutil.which(named)
        if found is None:
            why = "is not executable" if os.path.exists(named) else "does not exist"
            raise RuntimeError(f"${NEUROSHARP_ENV} is {named!r}, which {why} (and is no command on the PATH): set it to the "
                               "neurosharp command, e.g. the repository's ./neurosharp, or unset it (docs/pynn.md, \"Install\").")
        return found
    here = os.path.dirname(os.path.realpath(__file__))
    script = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(here))), "neurosharp")
    if os.path.exists(script):
        return script
    found = shutil.which("neurosharp")
    if found:
        return found
    raise RuntimeError(f"neurosharp was not found: set {NEUROSHARP_ENV} to the neurosharp command (or the repository's ./neurosharp).")


# What an MPI launcher (MPICH's Hydra, Open MPI's mpiexec, PMIx) or Open MPI's singleton start (mpi4py's import, which PyNN's
# NumpyRNG makes through pyNN.random.get_mpi_config) leaves in the environment: the engine reads PMI_RANK, PMIX_RANK, PMI_SIZE
# and OMPI_COMM_WORLD_SIZE as "started by mpiexec" (docs/distributed.md), so the run it is given would try to join the
# driver's MPI job. The backend runs it as the one-process job it is (docs/pynn.md, "MPI").
_LAUNCHER_PREFIXES = ("PMI_", "PMIX_", "OMPI_", "HYDRA_", "MPIEXEC_")


def engine_environment():
    """The environment the engine runs in: the script's (os.environ, as Python read it at start: what a library set in the C
    environment since, e.g. Open MPI's singleton PMIX_RANK, is not in it) without any MPI launcher's variables."""
    return {k: v for k, v in os.environ.items() if not k.startswith(_LAUNCHER_PREFIXES)}


def _per_cell(population, name):
    v = population._parameters[name]
    return np.asarray(v.evaluate(simplify=False) if hasattr(v, "evaluate") else v, dtype=float).ravel()


def _now(value):
    """A parameter's values per cell (a copy)."""
    return np.array(value.evaluate(simplify=False) if hasattr(value, "evaluate") else value, copy=True).ravel()


def _columns(values, size):
    """A parameter's values per cell as a (size, k) array: one column for a number; for an array parameter (an
    ArrayParameter per cell) one per element, as an object array so that _value gives it back as a list."""
    a = np.asarray(values)
    if a.dtype == object:
        rows = [np.asarray(x.value if hasattr(x, "value") else x, dtype=float).ravel() for x in a.ravel()]
        return np.array(rows, dtype=float).reshape(size, -1).astype(object)
    return np.broadcast_to(a.astype(float).ravel(), (size,)).reshape(size, 1)


def _value(row, span):
    """One parameter from a row of the parts' table: a float, or a list for an array parameter."""
    start, width, is_array = span
    return [float(x) for x in row[start:start + width]] if is_array else float(row[start])


def _segments(population, tstop):
    """The population's parameters over time, [(t_from, t_to, {name: values per cell})] from 0 to tstop: first as the script
    set them before its first run, then one more from each time set() was called after a run (docs/pynn.md, "Changes
    between runs"). Without such a call: one segment, the parameters as they are."""
    base = population._base if getattr(population, "_changes", None) else {n: _now(v) for n, v in population._parameters.items()}
    starts, values = [0.0], [dict(base)]
    for t, changed in getattr(population, "_changes", []):
        if t >= tstop:
            break
        if t == starts[-1]:
            values[-1] = {**values[-1], **changed}
        else:
            starts.append(float(t))
            values.append({**values[-1], **changed})
    return list(zip(starts, starts[1:] + [float(tstop)], values))


def _changed(before, after):
    """The engine parameters that differ between two parameter sets."""
    return {key: value for key, value in after.items() if before.get(key) != value}


GSYN = {"gsyn_exc": "ge", "gsyn_inh": "gi"}  # PyNN's recordable conductances -> the engine's state variables
NEURON_TYPES = ("IF_curr_exp", "IF_curr_alpha", "IF_cond_exp", "IF_cond_alpha", "IF_curr_delta", "Izhikevich") + cells_hh.KINDS


class _Part:
    """The cells of one PyNN population that share every parameter (but i_offset): one engine population."""

    def __init__(self, name, indices):
        self.name = name
        self.indices = indices  # into the PyNN population, ascending
        self.changes = []  # (t, engine params that change then): timed changes, docs/pynn.md "Changes between runs"


def _neuron_config(kind, p, dt):
    """The engine model of one neuron cell type, given its parameters (p(name) -> value): model, params and unit scales."""
    c = _Part(None, None)
    if kind in cells_hh.KINDS:
        return cells_hh.config(kind, p, dt, c)  # hh, adex, equations: their own units and recordables
    if kind in ("IF_curr_exp", "IF_curr_alpha", "IF_cond_exp", "IF_cond_alpha"):
        c.resistance = p("tau_m") / p("cm")  # MOhm: nA -> mV
        params = {"tauMs": p("tau_m"), "restMv": p("v_rest"), "resetMv": p("v_reset"), "thresholdMv": p("v_thresh"),
                  "refractoryMs": p("tau_refrac"), "tauExcMs": p("tau_syn_E"), "tauInhMs": p("tau_syn_I")}
        if kind.endswith("_alpha"):
            # Alpha-shaped inputs w (t/tau) exp(1 - t/tau), peak w at t = tau (NEST's iaf_psc_alpha and
            # iaf_cond_alpha, PyNN's definition): the engine's rise time equal to the decay time.
            params.update(riseExcMs=p("tau_syn_E"), riseInhMs=p("tau_syn_I"))
        if kind.startswith("IF_cond"):
            c.model = "conductanceLif"
            params.update(excReversalMv=p("e_rev_E"), inhReversalMv=p("e_rev_I"))
            c.weight_scale = c.resistance  # uS x (tau_m / cm) = g / g_L
        else:
            c.model = "lif"
            c.weight_scale = c.resistance  # nA x R = the input's peak as a voltage-equivalent (mV)
        c.current_scale = c.resistance
        c.params = params
        c.delta_synapse = False
    elif kind == "IF_curr_delta":
        # A spike of weight w mV moves v by w (PyNN's voltage step): an engine input with time constant 0 lasts
        # one step and moves v by g (1 - exp(-dt / tau_m)), so g = w / (1 - exp(-dt / tau_m)), one step later
        # than Brian2's jump, so the delay is shortened by dt (as for Izhikevich).
        c.resistance = p("tau_m") / p("cm")
        c.model = "lif"
        c.params = {"tauMs": p("tau_m"), "restMv": p("v_rest"), "resetMv": p("v_reset"), "thresholdMv": p("v_thresh"),
                       "refractoryMs": p("tau_refrac"), "tauExcMs": 0.0, "tauInhMs": 0.0}
        c.weight_scale = 1.0 / -math.expm1(-dt / p("tau_m"))
        c.current_scale = c.resistance
        c.delta_synapse = True
    elif kind == "Izhikevich":
        c.model = "izhikevich"
        c.params = {"a": p("a"), "b": p("b"), "c": p("c"), "d": p("d"), "peakMv": 30.0, "tauExcMs": 0.0, "tauInhMs": 0.0}
        # PyNN's Izhikevich synapses jump v by w mV; an engine input with tau 0 lasts one step, so w / dt.
        c.weight_scale = 1.0 / dt
        c.current_scale = 1000.0
        c.delta_synapse = True
    return c


def _timed(part, configs, segments):
    """A part's parameters over time: part.changes [(t, engine params that change)] for the engine's timed changes, and
    part.scales [(t_from, t_to, current scale)] for its current inputs; part.weight_scales lists the synaptic weight
    scales over time (one value unless tau_m or cm changed: then no projection may target the part)."""
    part.changes, part.scales = [], []
    for (t_from, t_to, _), c, before in zip(segments, configs, [None] + configs[:-1]):
        if before is not None and _changed(before.params, c.params):
            part.changes.append((t_from, _changed(before.params, c.params)))
        part.scales.append((t_from, t_to, c.current_scale))
    part.weight_scales = sorted({c.weight_scale for c in configs})
    part.resistances = sorted({getattr(c, "resistance", 1.0) for c in configs})


def _offset_inputs(parts, segments):
    """i_offset as current inputs: per part, one per group of cells with the same value, and, where i_offset or the
    current scale (R = tau_m / cm) changed between runs, one per time window. Without changes: from 0, no stop."""
    inputs = []
    for part in parts:
        windows = []  # (start, stop or None, offsets of the part's cells, scale), joined while nothing changes
        for (t_from, t_to, values), (_, _, scale) in zip(segments, part.scales):
            own = np.asarray(values["i_offset"], dtype=float)[part.indices]
            if windows and windows[-1][3] == scale and np.array_equal(windows[-1][2], own):
                windows[-1][1] = t_to
            else:
                windows.append([t_from, t_to, own, scale])
        for k, (start, stop, own, scale) in enumerate(windows):
            for value in np.unique(own[own != 0]):
                idx = np.nonzero(own == value)[0]
                item = {"type": "current", "target": part.name, "indices": [int(i) for i in idx],
                        "amplitude": float(value) * scale, "startMs": start}
                if k < len(windows) - 1:
                    item["stopMs"] = stop
                inputs.append(item)
    return inputs


def _timed_poisson(population, tstop):
    """A SpikeSourcePoisson changed between runs: the engine's poisson source with its window (startMs, stopMs) and the
    rates and windows that follow as timed changes, so the draws before a change are the unchanged run's. None when
    set() was not called after a run (then the sources are written as before)."""
    if not getattr(population, "_changes", None):
        return None
    def engine(values):
        rate, start, duration = (np.asarray(values[n], dtype=float) for n in ("rate", "start", "duration"))
        if not (np.all(start == start[0]) and np.all(duration == duration[0])):
            raise NotImplementedError(f"Population {population.label!r}: a SpikeSourcePoisson changed between runs needs one start "
                                      "and one duration for all its cells (the engine's window is per population).")
        params = {"rateHz": float(rate[0])} if np.all(rate == rate[0]) else {"ratesHz": [float(r) for r in rate]}
        params.update(startMs=max(0.0, float(start[0])), stopMs=max(0.0, float(start[0] + duration[0])))
        return params
    segments = _segments(population, tstop)
    first = engine(segments[0][2])
    changes, before = [], first
    if first["stopMs"] >= tstop:
        # No stop within the run: written as before the first set() was (no stopMs), so that the network up to the change is
        # the last run's and the run resumes from its checkpoint ("How it runs"); a change that moves the window gives it again.
        first = {k: v for k, v in first.items() if k != "stopMs"}
    for t_from, _, values in segments[1:]:
        now = engine(values)
        if now != before:
            changes.append((t_from, now))  # the whole rate and window: rateHz replaces ratesHz in the engine and back
        before = now
    return first, changes


def _array_spikes(population, tstop):
    """A SpikeSourceArray's spikes: with spike_times set between runs, each list from the time it was set until the next
    (spikes it lists before that time are in the past, as on pyNN.brian2), up to tstop."""
    indices, times = [], []
    segments = _segments(population, tstop)
    for k, (t_from, t_to, values) in enumerate(segments):
        for i, seq in enumerate(values["spike_times"]):
            t = np.asarray(seq.value if hasattr(seq, "value") else seq, dtype=float)
            # The last list runs on past tstop: its later spikes fall after the run, and the network file stays the same from one
            # run() to the next, so that the next can resume from this one's checkpoint ("How it runs").
            keep = np.ones(t.shape, dtype=bool)
            if k < len(segments) - 1:
                keep &= t < t_to
            if k > 0:
                keep &= t >= t_from
            t = t[keep]
            indices.extend([i] * len(t))
            times.extend(t.tolist())
    if len(segments) > 1:
        order = np.lexsort((times, indices))  # cell by cell, in time, as without changes
        indices, times = [indices[k] for k in order], [times[k] for k in order]
    return indices, times


class _Cells:
    """One PyNN population as the engine sees it: its cells grouped into parts with equal parameters (one engine
    population each; one part when no parameter but i_offset differs), model, params, unit conversions."""

    def __init__(self, population, name, tstop, dt, taken):
        self.population = population
        self.name = name
        kind = type(population.celltype).__name__
        self.kind = kind
        self.extra_inputs = []
        size = population.size
        if kind in NEURON_TYPES:
            # Cells whose parameters (i_offset aside, an input of its own) are all equal share one engine population;
            # a population whose parameters differ between cells becomes one engine population per distinct set.
            names = [n for n in population.celltype.default_parameters if n != "i_offset"]
            # With changes between runs, cells share an engine population when their whole histories are equal.
            self.segments = _segments(population, tstop)
            # One column per number, one per element of an array parameter (GIF_cond_exp's tau_eta, a_eta, ...).
            blocks = [[_columns(values[n], size) for n in names] for _, _, values in self.segments]
            spans, width = {}, 0
            for n, b in zip(names, blocks[0]):
                spans[n] = (width, b.shape[1], b.dtype == object)
                width += b.shape[1]
            table = np.column_stack([b.astype(float) for segment in blocks for b in segment]) if names else np.zeros((size, 0))
            _, first, group = np.unique(table, axis=0, return_index=True, return_inverse=True)
            group = np.asarray(group).ravel()
            order = np.argsort(first)  # parts in the order of their first cell
            self.parts = []
            for k, g in enumerate(order):
                row = table[first[g]]
                configs = [_neuron_config(kind, lambda n, row=row[j * width:(j + 1) * width]: _value(row, spans[n]), dt)
                           for j in range(len(self.segments))]
                config = configs[0]
                config.name = name if len(order) == 1 else _unique(f"{name}.{k}", taken)
                config.indices = np.nonzero(group == g)[0]
                _timed(config, configs, self.segments)
                self.parts.append(config)
            self.model = self.parts[0].model
            self.delta_synapse = self.parts[0].delta_synapse
        else:
            if kind == "SpikeSourcePoisson":
                rate, start, duration = _per_cell(population, "rate"), _per_cell(population, "start"), _per_cell(population, "duration")
                timed = _timed_poisson(population, tstop)
                if timed is not None:
                    self.model, self.params, self.changes = "poisson", timed[0], timed[1]
                else:
                    # Every cell's window is the engine's (startMs, stopMs): the spikes are the engine's stream's, so a second
                    # run() reproduces the first part. Cells with different windows are one engine population per window.
                    self.model = "poisson"
                    windows = np.column_stack([np.maximum(0.0, start), np.maximum(np.maximum(0.0, start), start + duration)])
                    _, first, group = np.unique(windows, axis=0, return_index=True, return_inverse=True)
                    group = np.asarray(group).ravel()
                    self.window_parts = []
                    for k, g in enumerate(np.argsort(first)):
                        idx = np.nonzero(group == g)[0]
                        lo, hi = windows[first[g]]
                        own = rate[idx]
                        params = {"rateHz": float(own[0])} if np.all(own == own[0]) else {"ratesHz": [float(r) for r in own]}
                        if lo > 0:
                            params["startMs"] = float(lo)
                        if hi < tstop:
                            params["stopMs"] = float(hi)
                        self.window_parts.append((idx, params))
                    self.params = self.window_parts[0][1]
                self.delta_synapse = False
            elif kind == "SpikeSourceArray":
                indices, times = _array_spikes(population, tstop)
                self.model = "spikeTimes"
                self.params = {"indices": indices, "timesMs": times}
                self.delta_synapse = False
            else:
                raise NotImplementedError(f"NeuroSharp's PyNN backend does not run {kind} (population {population.label!r}); "
                                          f"it runs {', '.join(NEURON_TYPES)}, SpikeSourcePoisson and SpikeSourceArray.")
            windows = getattr(self, "window_parts", None)
            if windows is not None and len(windows) > 1:
                self.parts = []
                for k, (idx, params) in enumerate(windows):
                    part = _Part(_unique(f"{name}.{k}", taken), idx)
                    part.model, part.params, part.changes = self.model, params, []
                    self.parts.append(part)
            else:
                part = _Part(name, np.arange(size))
                part.model, part.params = self.model, self.params
                part.changes = getattr(self, "changes", [])
                self.parts = [part]
        self.part_of = np.zeros(size, dtype=np.int64)
        self.local = np.zeros(size, dtype=np.int64)
        for k, part in enumerate(self.parts):
            self.part_of[part.indices] = k
            self.local[part.indices] = np.arange(len(part.indices))
        if self.injectable:
            self.extra_inputs = _offset_inputs(self.parts, self.segments)

    @property
    def injectable(self):
        return self.model not in ("poisson", "spikeTimes")

    def initial(self):
        """The engine's "initial" per variable: a number, or one value per cell (a list), as initialize() evaluated it
        with the script's RNG. Returns it and, per variable, the values per cell that a signal shows at t = 0."""
        size = self.population.size
        out, known = {}, {}
        parts = defaultdict(list)
        for variable, indices, value in self.population._initial_parts:
            parts[variable].append((indices, value))
        for variable, calls in parts.items():
            # The last call over the whole population replaces every earlier one.
            last_whole = max(k for k, (indices, _) in enumerate(calls) if indices is None) if any(i is None for i, _ in calls) else None
            if last_whole is not None:
                calls = calls[last_whole:]
            named = getattr(self.parts[0], "initial_names", None)  # cells_hh's kinds: PyNN's name -> (engine's, scale, starts at 0)
            if named is not None:
                if variable not in named:
                    raise NotImplementedError(f"Population {self.population.label!r}: NeuroSharp initialises {', '.join(named)} of "
                                              f"{self.kind} (got {variable}).")
                engine, scale, zero_start = named[variable]
                values = np.full(size, np.nan)
                for indices, value in calls:
                    values[slice(None) if indices is None else np.asarray(indices, dtype=np.int64)] = value
                values[np.isnan(values)] = self.population.celltype.default_initial_values[variable]
                if engine is None:
                    # A variable the model derives from others (GIF's v_t and i_eta, sums of kernel terms that start at 0): its
                    # initial value is not used, as on pyNN.nest and pyNN.neuron, which compute it too; it starts at its derived value.
                    known[variable] = _per_cell(self.population, scale) if isinstance(scale, str) else np.full(size, float(scale))
                    continue
                known[variable] = values
                if not (zero_start and np.all(values == 0)):
                    out[engine] = float(values[0] * scale) if np.all(values == values[0]) else [float(x * scale) for x in values]
                continue
            if variable not in ("v", "u"):
                # PyNN sets every state variable's default; synaptic variables start at 0 in the engine too.
                if all(np.all(v == 0) for _, v in calls):
                    continue
                raise NotImplementedError(f"Population {self.population.label!r}: NeuroSharp initialises v and u only (got {variable}).")
            values = np.full(size, np.nan)
            for indices, value in calls:
                if indices is None:
                    values[:] = value
                else:
                    values[np.asarray(indices, dtype=np.int64)] = value
            if np.isnan(values).any():
                # Cells no call reached start where the engine starts them (v at rest or c; u = b v).
                if variable == "u":
                    raise NotImplementedError(f"Population {self.population.label!r}: initial u is set for some cells only; give it for all.")
                for part in self.parts:
                    own = values[part.indices]
                    own[np.isnan(own)] = part.params.get("restMv", part.params.get("c"))
                    values[part.indices] = own
            out[variable] = float(values[0]) if np.all(values == values[0]) else [float(x) for x in values]
            known[variable] = values
        return out, known


def _engine_name(population, taken):
    return _unique(re.sub(r"[^A-Za-z0-9_.-]", "_", population.label or "") or "population", taken)


def _unique(label, taken):
    name, n = label, 2
    while name in taken:
        name, n = f"{label}_{n}", n + 1
    taken.add(name)
    return name


def _by_part(values, part):
    """An initial value for one part's cells: a number as it is, a per-cell list cut to the part."""
    if not isinstance(values, list):
        return values
    own = [values[i] for i in part.indices]
    return own[0] if all(x == own[0] for x in own) else own


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
        cells[population] = _Cells(population, name, tstop, dt, taken)
    receptors = defaultdict(set)
    projections = []
    state.learned_pieces = defaultdict(list)  # PyNN projection -> its engine projections, for the final weights (synapses.py)
    for k, projection in enumerate(state.projections):
        pre, post, weight, delay = projection.arrays()
        extra = projection.extra_arrays()
        receptor = projection.receptor_type
        groups = defaultdict(lambda: ([], [], [], [], []))
        for src, src_pos, src_idx in _split(projection.pre, pre):
            for tgt, tgt_pos, tgt_idx in _split(projection.post, post[src_pos]):
                rows = src_pos[tgt_pos]
                g = groups[(src, tgt)]
                g[0].append(src_idx[tgt_pos])
                g[1].append(tgt_idx)
                g[2].append(weight[rows])
                g[3].append(delay[rows])
                g[4].append(rows)
        for (src, tgt), g in groups.items():
            s_all, t_all, w_all, d_all, r_all = (np.concatenate(x) for x in g)
            if len(s_all) == 0:
                continue
            target = cells[tgt]
            if not target.injectable:
                raise ValueError(f"Projection {projection.label!r} targets the spike source {tgt.label!r}.")
            receptors[src].add(receptor)
            # One engine projection per (source part, target part); the weight scales with the target part's parameters.
            pair = cells[src].part_of[s_all] * len(target.parts) + target.part_of[t_all]
            for key in np.unique(pair):
                rows = pair == key
                source_part, target_part = cells[src].parts[key // len(target.parts)], target.parts[key % len(target.parts)]
                _refuse_rescaled_weights(target_part, tgt, projection)
                s, t = cells[src].local[s_all[rows]], target.local[t_all[rows]]
                w, d = np.abs(w_all[rows]) * target_part.weight_scale, d_all[rows]
                if target.delta_synapse:
                    d = np.maximum(d - dt, 0.0)  # the engine's one-step input moves v one step after Brian2's jump
                name = f"{source_part.name}->{target_part.name}#{k}"
                projections.append(_projection(name, source_part.name, target_part.name, receptor, s, t, w, d))
                if extra:
                    # A plastic synapse type (synapses.py): the rule per engine projection, its weights in the target's units.
                    projections[-1].update(synapses.plasticity_spec(projection, {n: v[r_all[rows]] for n, v in extra.items()},
                                                                    target_part.weight_scale))
                    state.learned_pieces[projection].append((name, r_all[rows], s, t, target_part.weight_scale))

    populations, inputs, monitors, initial_known, reads = [], [], [], {}, []
    for population, c in cells.items():
        kinds = receptors[population]
        kind = "mixed" if len(kinds) != 1 else next(iter(kinds))
        init, known = c.initial() if c.injectable else ({}, {})
        initial_known[population] = known
        for part in c.parts:
            spec = {"name": part.name, "count": len(part.indices), "model": part.model, "params": part.params, "kind": kind}
            own = {variable: _by_part(value, part) for variable, value in init.items()}
            if own:
                spec["initial"] = own
            populations.append(spec)
        inputs.extend(c.extra_inputs)
        recorder = population.recorder
        for variable, ids in recorder.recorded.items():
            indices = np.array(sorted(int(population.id_to_index(i)) for i in ids), dtype=np.int64)
            engine_variable = GSYN.get(variable, variable)
            signals = getattr(c.parts[0], "signals", None)  # cells_hh's kinds: PyNN's name -> (engine's, scale)
            if signals is not None and variable != "spikes":
                if variable not in signals:
                    raise NotImplementedError(f"Population {population.label!r}: NeuroSharp records spikes, {', '.join(signals)} of "
                                              f"{c.kind} (got {variable}).")
                engine_variable = signals[variable][0]
            elif variable not in ("spikes", "v", "u") and not (variable in GSYN and c.model == "conductanceLif"):
                raise NotImplementedError(f"Population {population.label!r}: NeuroSharp records spikes, v and u, and gsyn_exc and gsyn_inh "
                                          f"of the conductance cells (got {variable} of {c.kind}).")
            for k, part in enumerate(c.parts):
                local = c.local[indices[c.part_of[indices] == k]].tolist() if len(indices) else []
                if not local:
                    continue
                if variable in GSYN and len(part.resistances) > 1:
                    raise NotImplementedError(f"Population {population.label!r}: recording {variable} while tau_m or cm changes between runs "
                                              "is not supported (the conductance is read back with g_L = cm / tau_m of one time).")
                if variable == "spikes":
                    monitors.append({"type": "spikes", "target": part.name, "indices": local})
                else:
                    every = max(1, int(round(recorder.sampling_interval / dt)))
                    monitors.append({"type": "state", "target": part.name, "variables": [engine_variable], "indices": local, "everySteps": every})
                    # gsyn (uS) = the engine's conductance, in units of g_L, times g_L = cm / tau_m (nF / ms = uS).
                    reads.append((monitors[-1], variable, signals[variable][1] if signals is not None else
                                  1.0 / part.resistance if variable in GSYN else 1.0))

    for source in state.current_sources:
        per_population = defaultdict(list)
        for cell in source.cells:
            per_population[cell.parent].append(int(cell.parent.id_to_index(cell)))
        for population, indices in per_population.items():
            c = cells[population]
            indices = np.array(sorted(indices), dtype=np.int64)
            for k, part in enumerate(c.parts):
                local = c.local[indices[c.part_of[indices] == k]].tolist()
                if not local:
                    continue
                for start, stop, amplitude in source.segments(tstop, dt):
                    if amplitude == 0 or start >= tstop:
                        continue
                    for start, stop, scale in _scaled(part, max(0.0, start), stop):
                        item = {"type": "current", "target": part.name, "indices": local, "amplitude": amplitude * scale, "startMs": start}
                        if stop is not None and stop < 1e11:
                            item["stopMs"] = stop
                        inputs.append(item)

    network = {"format": "neurosharp.network", "version": 1, "name": "pynn", "description": "written by pyNN.neurosharp",
               "dtMs": dt, "populations": populations, "projections": projections, "inputs": inputs}
    changes = _engine_changes(cells)
    if changes:
        network["changes"] = changes
    if monitors:
        network["monitors"] = monitors
    else:
        # No recording asked: one spike monitor on an empty index list is not allowed, so record the first cell.
        network["monitors"] = [{"type": "spikes", "target": populations[0]["name"], "indices": [0]}] if populations else []
    return network, cells, initial_known, reads


def _scaled(part, start, stop):
    """A current source's step [start, stop) cut where the part's current scale (R = tau_m / cm) changed between runs:
    (start, stop, scale) pieces; one piece with the part's scale when it did not."""
    scales = getattr(part, "scales", None)
    if not scales or len(scales) == 1:
        return [(start, stop, part.current_scale)]
    pieces = []
    end = float("inf") if stop is None else stop
    for k, (t_from, t_to, scale) in enumerate(scales):
        last = k == len(scales) - 1
        lo, hi = max(start, t_from), (end if last else min(end, t_to))
        if lo < hi:
            pieces.append((lo, None if (last and stop is None) else hi, scale))
    return pieces


def _refuse_rescaled_weights(part, population, projection):
    """A weight's engine unit depends on tau_m and cm (R = tau_m / cm, g_L = cm / tau_m): refuse a projection onto a part
    whose tau_m or cm changed between runs, in one sentence, rather than scale its weights by one time's values."""
    if len(getattr(part, "weight_scales", [])) > 1:
        raise NotImplementedError(
            f"Population {population.label!r} changes tau_m or cm between runs and Projection {projection.label!r} targets it: "
            "the engine's weights are in units of R = tau_m / cm (or g_L = cm / tau_m), which pyNN.neurosharp does not change "
            "during a run. Change other parameters, or give this population no incoming projection (docs/pynn.md, \"Changes between runs\").")


def _engine_changes(cells):
    """The network file's timed changes (docs/formats.md, "Changes"), all parts together, in order of time."""
    changes = [{"atMs": float(t), "population": part.name, "params": params}
               for c in cells.values() for part in c.parts for t, params in part.changes]
    return sorted(changes, key=lambda change: change["atMs"])


def _projection(name, source, target, receptor, s, t, w, d):
    spec = {"name": name, "source": source, "target": target, "receptor": receptor,
            "connectivity": {"rule": "explicit", "sources": s.tolist(), "targets": t.tolist()}}
    spec["weight"] = float(w[0])  # required; the list, when given, wins
    if not np.all(w == w[0]):
        spec["connectivity"]["weights"] = w.tolist()
    if np.all(d == d[0]):
        spec["delayMs"] = float(d[0])
    else:
        spec["connectivity"]["delaysMs"] = d.tolist()
    return spec


def _initial_value(c, known, variable):
    """The values at t = 0, per cell of a population, that PyNN puts first in a signal: as initialize() set them, or
    the engine's default (v at rest, or c for Izhikevich; u = b v)."""
    size = c.population.size
    if getattr(c.parts[0], "initial_names", None) is not None:
        return known[variable]  # cells_hh's kinds: PyNN sets each state variable's default, so every one is known
    if variable in GSYN:
        return np.zeros(size)  # the engine's conductances start at 0
    if variable in known:
        return known[variable]
    v0, b = np.full(size, np.nan), np.full(size, np.nan)
    for part in c.parts:
        v0[part.indices] = part.params.get("restMv", part.params.get("c", np.nan))
        b[part.indices] = part.params.get("b", np.nan)
    if "v" in known:
        v0 = known["v"]
    return v0 if variable == "v" else b * v0


# The engine's parameter names back to PyNN's (docs/pynn.md, "Parameters and units"), for refusals of the network file.
PYNN_NAMES = {"tauMs": "tau_m", "restMv": "v_rest", "resetMv": "v_reset", "thresholdMv": "v_thresh",
              "refractoryMs": "tau_refrac", "tauExcMs": "tau_syn_E", "tauInhMs": "tau_syn_I", "riseExcMs": "tau_syn_E",
              "riseInhMs": "tau_syn_I", "excReversalMv": "e_rev_E", "inhReversalMv": "e_rev_I", "rateHz": "rate",
              "ratesHz": "rate", "a": "a", "b": "b", "c": "c", "d": "d"}


def _in_pynn_words(stderr, network):
    """What an engine refusal of the written network file names, in the script's words: the PyNN parameter and
    population, and that the file is a temporary one (NEUROSHARP_KEEP=1 keeps it)."""
    hint = "" if os.environ.get("NEUROSHARP_KEEP") else \
        " (The network file is the one pyNN.neurosharp wrote for this script, deleted after the run; NEUROSHARP_KEEP=1 keeps it.)"
    m = re.search(r"\$\.populations\[(\d+)\]\.params\.(\w+)", stderr)
    if m and int(m.group(1)) < len(network.get("populations", [])):
        engine = network["populations"][int(m.group(1))]
        name = PYNN_NAMES.get(m.group(2))
        if name is not None:
            label = engine["name"].rsplit(".", 1)[0] if re.search(r"\.\d+$", engine["name"]) else engine["name"]
            hint = (f" In the script: the engine's {m.group(2)} is PyNN's {name} (converted as docs/pynn.md, \"Parameters and "
                    f"units\", says) of Population {label!r}, a {engine['model']} here." + hint)
    return hint


def simulate(state, tstop):
    """Writes the network, runs neurosharp from 0 to tstop, reads the NWB file back."""
    import h5py

    network, cells, initial_known, reads = build(state, tstop)
    folder = tempfile.mkdtemp(prefix="pynn-neurosharp-")
    try:
        path = os.path.join(folder, "network.json")
        text = json.dumps(network)
        with open(path, "w") as handle:
            handle.write(text)
        command = [executable(), "simulate", path, "--duration-ms", repr(float(tstop)), "--format", "nwb",
                   "--out", folder, "--seed", str(state.seed), "--quiet", "--json"]
        # The engine's state at the end of the last run: the run continues from there instead of simulating again from 0, with
        # the same result, when the network up to that time is the last run's and only later changes, inputs and spike times
        # were added (a set() between runs); simulate refuses any other difference, and the run starts again from 0
        # (docs/pynn.md, "How it runs"). NEUROSHARP_RESUME=0 always starts from 0.
        checkpoint = state.checkpoint_path()
        resume = (state.checkpoint_of == state.seed and state.checkpoint_t <= tstop
                  and os.environ.get("NEUROSHARP_RESUME", "1") != "0")
        command += ["--checkpoint", checkpoint]
        state.checkpoint_of = None
        done = subprocess.run(command + (["--resume", checkpoint] if resume else []), capture_output=True, text=True,
                              env=engine_environment())
        if resume and done.returncode == 2 and checkpoint in done.stderr:
            # the checkpoint does not fit this network
            done = subprocess.run(command, capture_output=True, text=True, env=engine_environment())
        if done.returncode != 0:
            raise RuntimeError(f"neurosharp simulate failed (exit {done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
                               + _in_pynn_words(done.stderr, network))
        state.checkpoint_of, state.checkpoint_t = state.seed, float(tstop)
        metrics = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
        # Engine populations (parts) back to PyNN populations: spikes by (population's engine name, PyNN index).
        owner = {part.name: (c, part) for c in cells.values() for part in c.parts}
        spikes, signals = {}, {}
        with h5py.File(os.path.join(folder, "simulation.nwb"), "r") as f:
            units = f["units"]
            times = units["spike_times"][()] * 1000.0
            ends = units["spike_times_index"][()]
            starts = np.concatenate([[0], ends[:-1]]).astype(np.int64)
            names = [p.decode() if isinstance(p, bytes) else str(p) for p in units["population"][()]]
            neurons = units["neuron"][()]
            for u in range(len(names)):
                c, part = owner[names[u]]
                spikes[(c.name, int(part.indices[int(neurons[u])]))] = np.round(times[starts[u]:ends[u]], 9)
            pieces = defaultdict(list)
            for monitor, variable, scale in reads:
                c, part = owner[monitor["target"]]
                data = f["acquisition"][f"{monitor['target']}_{monitor['variables'][0]}"]["data"][()].astype(float) * scale
                pieces[(c, variable)].append((part.indices[np.asarray(monitor["indices"], dtype=np.int64)], data.reshape(len(data), -1)))
            for (c, variable), parts in pieces.items():
                columns = np.concatenate([idx for idx, _ in parts])
                data = np.hstack([values for _, values in parts])
                order = np.argsort(columns)
                known = _initial_value(c, initial_known[c.population], variable)
                signals[(c.name, variable)] = ([int(i) for i in columns[order]], data[:, order], {int(i): float(known[i]) for i in columns})
            # The plastic projections' weights at the end of the run (docs/formats.md, "NWB": processing/weights).
            learned = {}
            if "weights" in f["processing"]:
                for table in f["processing"]["weights"].values():
                    learned[str(table.attrs["projection"])] = table["weight"][()]
            weights = {}
            for projection, pieces in state.learned_pieces.items():
                final = synapses.final_weights(projection, pieces, learned)
                if final is not None:
                    weights[projection] = final
        results = RunResults(spikes, signals, metrics)
        results.weights = weights
        return results
    finally:
        if os.environ.get("NEUROSHARP_KEEP"):
            print(f"pyNN.neurosharp: network and results kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
