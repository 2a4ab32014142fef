"""Reduced versions of PyNN's examples for the test suite (tests/NeuroSharp.Cli.Tests/Pynn):
the same cell types, connectors, sources and recordings, shorter and smaller so that both backends
run in seconds. Usage: small_networks.py SIMULATOR CASE OUT.json [SEED], CASE one of:

  cuba         VAbenchmarks.py CUBA at 1/5 size (800 cells, pconn x 5: the same in-degree), 400 ms
  coba         VAbenchmarks.py COBA at 1/5 size, with its 50 ms Poisson kick, 400 ms
  cuba10       VAbenchmarks.py CUBA as tools/pynn/reduce_examples.py reduces it: 1/10 size (400 cells,
               pconn x 10), the script's 1000 ms
  coba10       VAbenchmarks.py COBA reduced the same way, 1000 ms; its kick as in the script (20
               sources, probability 0.01, unscaled), drawn with the seeded RNG
  brunel       brunel.py with 1000 cells (its J_eff = 5 mV; IF_curr_alpha, Poisson drive, OneToOne), 200 ms
  izhikevich   Izhikevich.py as it is (3 cells, SpikeSourceArray, DCSource, i_offset), 100 ms
  current      current_injection.py's DCSource and StepCurrentSource cells (amplitudes x 3 so that
               they fire), plus a FromList and an AllToAll projection from a SpikeSourceArray, 500 ms
  alpha        one spike at 10 ms (delay 1 ms) onto passive IF_curr_alpha cells (0.5 nA excitatory,
               tau_syn_E 2 ms; -0.5 nA inhibitory, tau_syn_I 4 ms), an IF_cond_alpha cell (0.01 uS) and
               an IF_curr_delta cell (2 mV), 60 ms; writes their v traces (every 0.1 ms step) instead of
               firing statistics, and the IF_cond_alpha cell's gsyn_exc (uS)
  synaptic     synaptic_input.py as it is (per-cell initial v and u, per-cell i_offset, every standard cell
               type it uses, dt 0.01 ms, 100 ms) plus cells initialised by a function of the index and by
               a seeded normal_clipped RandomDistribution, and by seeded uniform and normal ones over whole
               populations, one of them shared by two populations (with the values PyNN draws for them,
               "expectedV0Mv"); writes v traces, EPSP heights and resets
  tsodyks      tsodyksmarkram.py as it is (a SpikeSourceArray every 10 ms from 10 to 90 ms onto three IF_cond_exp cells
               per synapse type, inhibitory, tau_syn_I 1.2, 6.7, 4.3 ms), 200 ms, plus a depressing and a facilitating
               synapse onto IF_curr_exp cells whose tau_syn_E (0.5 ms) is short beside the 10 ms interval; writes v and
               gsyn_inh (uS) every step and each synapse's released fraction per spike ("releases": the jump of the
               conductance or current at each arrival over the weight)
  stdp         simple_STDP.py as it is (dt 0.01 ms, 60 SpikeSourceArrays 1 ms apart around one IF_cond_exp cell driven to
               fire every 100 ms, delay 3 ms, additive weights in [0, 1e-7] uS), with dendritic_delay_fraction 0 (the
               only one pyNN.brian2 runs), and the same with MultiplicativeWeightDependence, run once to t_stop
               (without the script's 1 ms weight callback); writes the post cell's spike times and both final weights
  stochastic   the networks of stochastic_synapses.py, stochastic_tsodyksmarkram.py and multiquantal_synapses.py (their
               19-spike train, 10 to 90 ms and 250 to 340 ms; their U, tau_rec, tau_facil, n) onto 500 IF_cond_exp cells per
               synapse type whose tau_syn_E (0.5 ms) is short beside the 10 ms interval, weight 1 uS, 360 ms:
               SimpleStochasticSynapse p = 0.3, TsodyksMarkramSynapse and StochasticTsodyksMarkramSynapse (depressing and
               facilitating), MultiQuantalSynapse n = 5 (initialize(a=n, u=U), as the script); writes per population and
               spike the mean released fraction over the cells ("meanReleases"), the cells that released ("releasedCells",
               a jump above half the weight), and the largest distance of a jump times n from a whole number ("offGrid")
  params       IF_curr_exp cells whose tau_m, cm and i_offset differ within a population (listed, and tau_m from a
               seeded RandomDistribution), 200 ms; writes spike times and each cell's parameters

SEED (default 1) is setup()'s rng_seed: pyNN.neurosharp's engine seed (its Poisson draws); pyNN.brian2 ignores it. Writes per population: cells, mean rate (Hz), mean CV of ISI, and spikes (from spike trains, or from
the v traces' resets for the v-only cases), and the script's wall time; with SMALL_NETWORKS_TRAINS=1 in the
environment also every cell's spike times ("spikeTimesMs", for tools/pynn/lif_precision.py).
"""
import json
import os
import sys
import time
from importlib import import_module

import numpy as np
import quantities as pq

SEED = 1


def stats(trains, duration):
    counts = [len(t) for t in trains]
    cvs = []
    for t in trains:
        isi = np.diff(np.sort(t))
        if len(isi) >= 2 and isi.mean() > 0:
            cvs.append(float(isi.std() / isi.mean()))
    return {"cells": len(trains), "meanRateHz": float(np.mean(counts)) * 1000 / duration,
            "cvIsi": float(np.mean(cvs)) if cvs else None, "spikes": int(np.sum(counts))}


def spike_stats(population, duration):
    seg = population.get_data("spikes").segments[0]
    trains = [np.asarray(st.rescale("ms").magnitude) for st in seg.spiketrains]
    out = stats(trains, duration)
    if os.environ.get("SMALL_NETWORKS_TRAINS") == "1":
        out["spikeTimesMs"] = [t.tolist() for t in trains]
    return out


def v_stats(population, duration):
    v = population.get_data("v").segments[0].filter(name="v")[0]
    values = np.asarray(v.magnitude)
    times = np.asarray(v.times.rescale("ms").magnitude)
    trains = [times[np.nonzero(np.diff(values[:, k]) < -5.0)[0]] for k in range(values.shape[1])]
    out = stats(trains, duration)
    out["spikesPerCell"] = [len(t) for t in trains]
    return out


def va(sim, benchmark, scale=5, tstop=400.0, kick_scale=None):
    from pyNN.random import NumpyRNG, RandomDistribution
    n, pconn, dt, delay = 4000 // scale, 0.02 * scale, 0.1, 0.2
    sim.setup(timestep=dt, min_delay=delay, max_delay=1.0, rng_seed=SEED)
    cm = 1.0 * 20000e-8 * 1000
    params = {'tau_m': 20.0, 'tau_syn_E': 5.0, 'tau_syn_I': 10.0, 'v_rest': -60.0 if benchmark == "COBA" else -49.0,
              'v_reset': -60.0, 'v_thresh': -50.0, 'cm': cm, 'tau_refrac': 5.0}
    if benchmark == "COBA":
        params.update(e_rev_E=0.0, e_rev_I=-80.0)
        celltype, w_exc, w_inh = sim.IF_cond_exp, 4e-3, 51e-3
    else:
        celltype, w_exc, w_inh = sim.IF_curr_exp, 1e-3 * 0.27 * 60, 1e-3 * 4.5 * -20
    exc = sim.Population(n * 4 // 5, celltype(**params), label="exc")
    inh = sim.Population(n // 5, celltype(**params), label="inh")
    rng = NumpyRNG(seed=98765)
    v0 = RandomDistribution('uniform', low=-60.0, high=-50.0, rng=rng)
    exc.initialize(v=v0)
    inh.initialize(v=v0)
    connector = sim.FixedProbabilityConnector(pconn, rng=rng)
    e_syn, i_syn = sim.StaticSynapse(weight=w_exc, delay=delay), sim.StaticSynapse(weight=w_inh, delay=delay)
    for pre, syn, receptor in ((exc, e_syn, "excitatory"), (inh, i_syn, "inhibitory")):
        for post in (exc, inh):
            sim.Projection(pre, post, connector, syn, receptor_type=receptor)
    if benchmark == "COBA":
        kick = sim.Population(20, sim.SpikeSourcePoisson(rate=100.0, duration=50.0), label="kick")
        for post in (exc, inh):
            sim.Projection(kick, post, sim.FixedProbabilityConnector(0.01 * (scale if kick_scale is None else kick_scale), rng=rng), sim.StaticSynapse(weight=0.1), receptor_type="excitatory")
    exc.record('spikes')
    inh.record('spikes')
    sim.run(tstop)
    return {"exc": spike_stats(exc, tstop), "inh": spike_stats(inh, tstop)}


def brunel(sim, tstop=200.0):
    from pyNN.random import NumpyRNG, RandomDistribution
    order, epsilon, g, eta, J, delay, dt = 200, 0.1, 5.0, 2.0, 0.1 * 50, 1.5, 0.1
    NE, NI = 4 * order, order
    CE = int(epsilon * NE)
    tauSyn = 0.1
    JE = (J / tauSyn) * 0.00041363506632638
    p_rate = 1000 * eta * 20.0 / (J * CE * 20.0) * CE
    sim.setup(timestep=dt, max_delay=delay)
    params = {'tau_m': 20.0, 'tau_syn_E': tauSyn, 'tau_syn_I': tauSyn, 'tau_refrac': 2.0, 'v_rest': 0.0, 'v_reset': 0.0, 'v_thresh': 20.0, 'cm': 0.001}
    E = sim.Population(NE, sim.IF_curr_alpha(**params), label="E_net")
    I = sim.Population(NI, sim.IF_curr_alpha(**params), label="I_net")
    rng = NumpyRNG(43210987)
    v0 = RandomDistribution('uniform', low=0.0, high=20.0, rng=rng)
    E.initialize(v=v0)
    I.initialize(v=v0)
    ext_e = sim.Population(NE, sim.SpikeSourcePoisson(rate=p_rate), label="expoisson")
    ext_i = sim.Population(NI, sim.SpikeSourcePoisson(rate=p_rate), label="inpoisson")
    connector = sim.FixedProbabilityConnector(epsilon, rng=rng)
    for pre, w, receptor in ((E, JE, "excitatory"), (I, -g * JE, "inhibitory")):
        for post in (E, I):
            sim.Projection(pre, post, connector, sim.StaticSynapse(weight=w, delay=delay), receptor_type=receptor)
    for src, post in ((ext_e, E), (ext_i, I)):
        sim.Projection(src, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=JE, delay=dt), receptor_type="excitatory")
    E.record('spikes')
    I.record('spikes')
    sim.run(tstop)
    return {"E_net": spike_stats(E, tstop), "I_net": spike_stats(I, tstop)}


def izhikevich(sim, tstop=100.0):
    sim.setup(timestep=0.01, min_delay=1.0)
    neurons = sim.Population(3, sim.Izhikevich(a=0.02, b=0.2, c=-65, d=6, i_offset=[0.014, 0.0, 0.0]), label="izh")
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=np.arange(10.0, 51, 1)), label="source")
    sim.Projection(source, neurons[1:2], sim.OneToOneConnector(), sim.StaticSynapse(weight=3.0, delay=1.0), receptor_type='excitatory')
    sim.DCSource(start=2.0, stop=92.0, amplitude=0.014).inject_into(neurons[2:3])
    neurons.record(['v'])
    neurons.initialize(v=-70.0, u=-14.0)
    sim.run(tstop)
    return {"izh": v_stats(neurons, tstop)}


def current(sim, tstop=500.0):
    sim.setup()
    cells = sim.Population(4, sim.IF_curr_exp(v_thresh=-55.0, tau_refrac=5.0, tau_m=10.0), label="cells")
    cells[0:1].inject(sim.DCSource(amplitude=1.5, start=50.0, stop=400.0))
    cells[1:2].inject(sim.StepCurrentSource(times=[50.0, 210.0, 250.0, 410.0], amplitudes=[1.4, 2.0, -0.2, 1.2]))
    inputs = sim.Population(2, sim.SpikeSourceArray(spike_times=[np.arange(20.0, 480.0, 7.0), np.arange(23.0, 480.0, 11.0)]), label="inputs")
    sim.Projection(inputs, cells[2:4], sim.FromListConnector([(0, 0, 1.5, 1.0), (1, 1, 2.0, 2.0)], column_names=["weight", "delay"]),
                   receptor_type="excitatory")
    sim.Projection(inputs, cells[2:4], sim.AllToAllConnector(), sim.StaticSynapse(weight=0.8, delay=0.5), receptor_type="excitatory")
    cells.record(['v', 'spikes'])
    sim.run(tstop)
    out = {"cells": spike_stats(cells, tstop)}
    out["cells"]["spikesPerCell"] = [len(st) for st in cells.get_data("spikes").segments[0].spiketrains]
    return out


def alpha(sim, tstop=60.0):
    """One input spike onto passive (subthreshold) IF_curr_alpha and IF_cond_alpha cells: the v traces, every step."""
    sim.setup(timestep=0.1, min_delay=1.0)
    params = dict(tau_m=20.0, cm=1.0, v_rest=-65.0, v_thresh=-40.0, tau_syn_E=2.0, tau_syn_I=4.0)
    cuba = sim.Population(2, sim.IF_curr_alpha(**params), label="cuba")
    coba = sim.Population(1, sim.IF_cond_alpha(e_rev_E=0.0, e_rev_I=-80.0, **params), label="coba")
    delta = sim.Population(1, sim.IF_curr_delta(tau_m=20.0, cm=1.0, v_rest=-65.0, v_thresh=-40.0), label="delta")
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]), label="source")
    sim.Projection(source, cuba[0:1], sim.AllToAllConnector(), sim.StaticSynapse(weight=0.5, delay=1.0), receptor_type="excitatory")
    sim.Projection(source, cuba[1:2], sim.AllToAllConnector(), sim.StaticSynapse(weight=-0.5, delay=1.0), receptor_type="inhibitory")
    sim.Projection(source, coba, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.01, delay=1.0), receptor_type="excitatory")
    sim.Projection(source, delta, sim.AllToAllConnector(), sim.StaticSynapse(weight=2.0, delay=1.0), receptor_type="excitatory")
    for p in (cuba, coba, delta):
        p.record("v")
    coba.record("gsyn_exc")
    sim.run(tstop)
    out = {}
    for p in (cuba, coba, delta):
        v = p.get_data("v").segments[0].filter(name="v")[0]
        out[p.label] = {"dtMs": float(v.sampling_period.rescale("ms").magnitude), "v": np.asarray(v.magnitude).T.tolist()}
    g = coba.get_data("gsyn_exc").segments[0].filter(name="gsyn_exc")[0]
    out["coba"]["gsyn_exc"] = np.asarray(g.rescale("uS").magnitude).T.tolist()
    return out


def synaptic(sim, tstop=100.0):
    """synaptic_input.py's network as it is (one SpikeSourceArray onto two cells of each cell type, one of them depolarised
    by i_offset, each cell with its own initial v, Izhikevich also its own u), plus "indexed", two IF_curr_exp cells whose
    initial v is a function of the index, and "drawn", three whose initial v is a seeded clipped normal (PyNN's RNG
    draws it, on every backend the same values). Writes each population's v traces (every 0.01 ms step), its EPSP heights as the script measures
    them (the first spike's window, 25 to 50 ms) and its resets."""
    from pyNN.random import NumpyRNG, RandomDistribution
    sim.setup(timestep=0.01, min_delay=1.0)
    populations = [
        sim.Population(2, sim.IF_curr_exp(tau_m=10.0, i_offset=[0.0, 1.0]), initial_values={"v": [-65, -55]}, label="cuba_exp"),
        sim.Population(2, sim.IF_curr_alpha(tau_m=10.0, i_offset=[0.0, 1.0]), initial_values={"v": [-65, -55]}, label="cuba_alpha"),
        sim.Population(2, sim.IF_cond_exp(tau_m=10.0, i_offset=[0.0, 1.0]), initial_values={"v": [-65, -55]}, label="coba_exp"),
        sim.Population(2, sim.IF_cond_alpha(tau_m=10.0, i_offset=[0.0, 1.0]), initial_values={"v": [-65, -55]}, label="coba_alpha"),
        sim.Population(2, sim.Izhikevich(i_offset=[0.0, 0.002]), initial_values={"v": [-70, -67], "u": [-14, -13.4]}, label="izh"),
        sim.Population(2, sim.IF_curr_delta(tau_m=10.0, i_offset=[0.0, 1.0]), initial_values={"v": [-65, -55]}, label="delta"),
    ]
    indexed = sim.Population(2, sim.IF_curr_exp(tau_m=10.0, i_offset=[0.2, 0.5]), label="indexed")
    indexed.initialize(v=lambda i: -64.0 + 3 * i)
    drawn = sim.Population(3, sim.IF_curr_exp(tau_m=10.0), label="drawn")
    drawn.initialize(v=RandomDistribution('normal_clipped', mu=-59.0, sigma=2.0, low=-62.0, high=-56.0, rng=NumpyRNG(seed=7)))
    # Whole-population uniform and normal draws: PyNN's RNG draws them on every backend (pyNN.neurosharp sends them as
    # per-cell lists), so the first sample is the drawn value; expected_v0 is what PyNN draws with the same seeds.
    # "shared" is initialised from uniform's distribution after it: PyNN's Brian2 backend draws from a copy of the RNG, so
    # it starts from the same first draws as "uniform" (docs/pynn.md, "Per-cell initial values").
    uniform = sim.Population(4, sim.IF_curr_exp(tau_m=10.0), label="uniform")
    shared = sim.Population(2, sim.IF_curr_exp(tau_m=10.0), label="shared")
    between = RandomDistribution('uniform', low=-62.0, high=-56.0, rng=NumpyRNG(seed=5))
    uniform.initialize(v=between)
    shared.initialize(v=between)
    normal = sim.Population(3, sim.IF_curr_exp(tau_m=10.0), label="normal")
    normal.initialize(v=RandomDistribution('normal', mu=-59.0, sigma=1.0, rng=NumpyRNG(seed=9)))
    expected_v0 = {"uniform": RandomDistribution('uniform', low=-62.0, high=-56.0, rng=NumpyRNG(seed=5)).next(4),
                   "shared": RandomDistribution('uniform', low=-62.0, high=-56.0, rng=NumpyRNG(seed=5)).next(2),
                   "normal": RandomDistribution('normal', mu=-59.0, sigma=1.0, rng=NumpyRNG(seed=9)).next(3)}
    populations += [indexed, drawn, uniform, shared, normal]
    spike_times = [25, 50, 80, 90]
    stimulus = sim.Population(1, sim.SpikeSourceArray(spike_times=spike_times), label="stimulus")
    for population, w in zip(populations, [1.6, 4.0, 0.03, 0.12, 2.0, 4.0, 1.6, 1.6, 1.6, 1.6, 1.6]):
        sim.Projection(stimulus, population, sim.AllToAllConnector(), sim.StaticSynapse(weight=w, delay=2.0), receptor_type="excitatory")
    for p in populations:
        p.record("v")
    sim.run(tstop)
    out = {}
    for p in populations:
        v = p.get_data("v").segments[0].filter(name="v")[0]
        window = np.asarray(v.time_slice(spike_times[0] * pq.ms, spike_times[1] * pq.ms).magnitude)
        values, times = np.asarray(v.magnitude), np.asarray(v.times.rescale("ms").magnitude)
        out[p.label] = {"dtMs": float(v.sampling_period.rescale("ms").magnitude), "v": values.T.tolist(),
                        "epspMv": (window.max(axis=0) - window[0]).tolist(),
                        "resetsMs": [times[1:][np.diff(values[:, k]) < -5.0].tolist() for k in range(values.shape[1])]}
        if p.label in expected_v0:
            out[p.label]["expectedV0Mv"] = [float(x) for x in expected_v0[p.label]]
    return out


def params(sim, tstop=200.0):
    """Parameters that differ between the cells of one population (random_numbers.py's tau_m drawn per cell): IF_curr_exp
    cells with per-cell tau_m, cm and i_offset, and cells with tau_m from a seeded clipped normal; spikes, and each cell's
    parameters as PyNN holds them, so that the firing can be checked against the closed form per cell."""
    from pyNN.random import NumpyRNG, RandomDistribution
    sim.setup(timestep=0.1)
    listed = sim.Population(3, sim.IF_curr_exp(tau_m=[10.0, 20.0, 40.0], cm=[1.0, 2.0, 0.5], i_offset=[2.0, 2.0, 0.5],
                                               v_rest=-65.0, v_reset=-70.0, v_thresh=-50.0, tau_refrac=2.0), label="listed")
    tau = RandomDistribution('normal_clipped', mu=15.0, sigma=3.0, low=9.0, high=25.0, rng=NumpyRNG(seed=11))
    drawn = sim.Population(6, sim.IF_curr_exp(tau_m=tau, cm=1.0, i_offset=2.5, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0,
                                              tau_refrac=1.0), label="drawn")
    out = {}
    for p in (listed, drawn):
        p.record("spikes")
    sim.run(tstop)
    for p in (listed, drawn):
        trains = [np.asarray(st.rescale("ms").magnitude).tolist() for st in p.get_data("spikes").segments[0].spiketrains]
        out[p.label] = {"spikeTimesMs": trains, **{n: [float(x) for x in p.get(n, gather=True, simplify=False)]
                                                   for n in ("tau_m", "cm", "i_offset", "v_rest", "v_reset", "v_thresh", "tau_refrac")}}
    return out


def tsodyks(sim, tstop=200.0):
    """tsodyksmarkram.py's network, and short-PSC cells on which each release is read off the current's jumps."""
    sim.setup(timestep=0.1)
    spike_source = sim.Population(1, sim.SpikeSourceArray(spike_times=np.arange(10, 100, 10)), label="source")
    types = {
        "static": sim.StaticSynapse(weight=0.01, delay=0.5),
        # tsodyksmarkram.py gives tau_facil=0.0, on which pyNN.brian2 0.10.1 divides by zero (docs/pynn.md); 1e-6 ms is
        # the same synapse (u = U at every spike) on every backend.
        "depressing": sim.TsodyksMarkramSynapse(U=0.5, tau_rec=800.0, tau_facil=1e-6, weight=0.01, delay=0.5),
        "facilitating": sim.TsodyksMarkramSynapse(U=0.04, tau_rec=100.0, tau_facil=1000.0, weight=0.01, delay=0.5),
    }
    out = {}
    cells = {}
    for label, synapse in types.items():
        p = sim.Population(3, sim.IF_cond_exp(e_rev_I=-75, tau_syn_I=[1.2, 6.7, 4.3]), label=label)
        p.record(["v", "gsyn_inh"])
        sim.Projection(spike_source, p, sim.AllToAllConnector(), receptor_type="inhibitory", synapse_type=synapse)
        cells[label] = p
    for label in ("depressing", "facilitating"):
        synapse = types[label]
        p = sim.Population(1, sim.IF_cond_exp(tau_syn_E=0.5, tau_m=20.0), label=label + "_short")
        p.record(["gsyn_exc"])
        params = synapse.native_parameters
        sim.Projection(spike_source, p, sim.AllToAllConnector(), receptor_type="excitatory",
                       synapse_type=sim.TsodyksMarkramSynapse(U=params["U"].base_value, tau_rec=params["tau_rec"].base_value,
                                                              tau_facil=params["tau_facil"].base_value, weight=1.0, delay=0.5))
        cells[label + "_short"] = p
    sim.run(tstop)
    dt = 0.1
    arrivals = [int(round((t + 0.5) / dt)) + 1 for t in range(10, 100, 10)]  # samples just after each arrival's jump
    for label, p in cells.items():
        seg = p.get_data().segments[0]
        entry = {}
        for name in ("v", "gsyn_inh", "gsyn_exc"):
            signals = seg.filter(name=name)
            if signals:
                entry[name] = np.asarray(signals[0].rescale("uS" if name != "v" else "mV").magnitude).T.tolist()
        if label.endswith("_short"):
            g = np.asarray(seg.filter(name="gsyn_exc")[0].rescale("uS").magnitude)[:, 0]
            decay = np.exp(-dt / 0.5)
            jumps = g[1:] - g[:-1] * decay  # jumps[k - 1]: the conductance added in the step that ends at sample k
            entry["releases"] = [float(jumps[k - 3:k + 2].max()) for k in arrivals]
        out[label] = entry
    return out


def stochastic(sim, tstop=360.0, cells=500):
    """The stochastic examples' synapses onto short-PSC cells; each cell's release at each spike read off the conductance's jumps."""
    sim.setup(timestep=0.1)
    spike_times = np.hstack((np.arange(10, 100, 10), np.arange(250, 350, 10)))
    spike_source = sim.Population(1, sim.SpikeSourceArray(spike_times=spike_times), label="source")
    depressing = dict(U=0.8, tau_rec=100.0, tau_facil=0.0, weight=1.0, delay=0.5)
    facilitating = dict(U=0.04, tau_rec=50.0, tau_facil=200.0, weight=1.0, delay=0.5)
    types = {  # label: (synapse type, release sites n of each synapse)
        "bernoulli": (sim.SimpleStochasticSynapse(p=0.3, weight=1.0, delay=0.5), 1),
        "depressing_deterministic": (sim.TsodyksMarkramSynapse(**depressing), 1),
        "depressing_stochastic": (sim.StochasticTsodyksMarkramSynapse(**depressing), 1),
        "facilitating_deterministic": (sim.TsodyksMarkramSynapse(**facilitating), 1),
        "facilitating_stochastic": (sim.StochasticTsodyksMarkramSynapse(**facilitating), 1),
        "depressing_n5": (sim.MultiQuantalSynapse(n=5, **depressing), 5),
        "facilitating_n5": (sim.MultiQuantalSynapse(n=5, **facilitating), 5),
    }
    populations = {}
    for label, (synapse, n) in types.items():
        size = 1 if label.endswith("deterministic") else cells
        p = sim.Population(size, sim.IF_cond_exp(tau_syn_E=0.5), label=label)
        p.record(["gsyn_exc"])
        projection = sim.Projection(spike_source, p, sim.AllToAllConnector(), receptor_type="excitatory", synapse_type=synapse)
        if isinstance(synapse, sim.MultiQuantalSynapse):
            projection.initialize(a=synapse.parameter_space["n"], u=synapse.parameter_space["U"])
        populations[label] = (p, n)
    sim.run(tstop)
    dt = 0.1
    arrivals = [int(round((t + 0.5) / dt)) + 1 for t in spike_times]  # samples just after each arrival's jump
    out = {}
    for label, (p, n) in populations.items():
        g = np.asarray(p.get_data().segments[0].filter(name="gsyn_exc")[0].rescale("uS").magnitude)
        jumps = g[1:] - g[:-1] * np.exp(-dt / 0.5)  # jumps[k - 1]: the conductance added in the step that ends at sample k
        releases = np.array([jumps[k - 3:k + 2].max(axis=0) for k in arrivals])  # spike x cell
        out[label] = {"cells": int(g.shape[1]), "sites": n, "meanReleases": releases.mean(axis=1).tolist(),
                      "releasedCells": (releases > 0.5 / n).sum(axis=1).tolist(),
                      "offGrid": float(np.abs(releases * n - np.round(releases * n)).max())}
    return out


def stdp(sim):
    """simple_STDP.py (dendritic_delay_fraction 0), additive and multiplicative, run to t_stop; final weights."""
    firing_period, n, delta_t, delay = 100.0, 60, 1.0, 3.0
    t_stop = 10 * firing_period + n * delta_t
    cell_parameters = {"tau_m": 10.0, "v_thresh": -50.0, "v_reset": -60.0, "v_rest": -60.0, "cm": 1.0, "tau_refrac": firing_period / 2}
    from pyNN.parameters import Sequence
    sim.setup(timestep=0.01, min_delay=delay, max_delay=delay)

    def spike_time_gen(i):
        return [Sequence(np.arange(firing_period + j * delta_t, t_stop, firing_period)) for j in (i - n // 2)]

    out = {}
    projections = {}
    for label, dependence in (("additive", sim.AdditiveWeightDependence), ("multiplicative", sim.MultiplicativeWeightDependence)):
        p1 = sim.Population(n, sim.SpikeSourceArray(spike_times=spike_time_gen), label=label + "_pre")
        p2 = sim.Population(1, sim.IF_cond_exp(**cell_parameters), initial_values={"v": cell_parameters["v_reset"]}, label=label + "_post")
        p3 = sim.Population(1, sim.SpikeSourceArray(spike_times=np.arange(firing_period - delay, t_stop, firing_period)), label=label + "_driver")
        stdp_model = sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.012),
            weight_dependence=dependence(w_min=0, w_max=0.0000001), weight=0.00000005, delay=delay, dendritic_delay_fraction=0.0)
        projections[label] = (sim.Projection(p1, p2, sim.AllToAllConnector(), stdp_model), p2)
        sim.Projection(p3, p2, sim.OneToOneConnector(), sim.StaticSynapse(weight=10.0, delay=delay))
        p2.record("spikes")
    sim.run(t_stop)
    for label, (projection, p2) in projections.items():
        out[label] = {"postSpikesMs": np.asarray(p2.get_data().segments[0].spiketrains[0].rescale("ms").magnitude).tolist(),
                      "finalWeights": [float(w) for w in projection.get("weight", format="list", with_address=False)],
                      "deltasMs": (delta_t * np.arange(n // 2, -n // 2, -1)).tolist()}
    return out


CASES = {"cuba": lambda sim: va(sim, "CUBA"), "coba": lambda sim: va(sim, "COBA"), "brunel": brunel,
         "cuba10": lambda sim: va(sim, "CUBA", scale=10, tstop=1000.0),
         "coba10": lambda sim: va(sim, "COBA", scale=10, tstop=1000.0, kick_scale=1),
         "izhikevich": izhikevich, "current": current, "alpha": alpha, "synaptic": synaptic, "params": params,
         "tsodyks": tsodyks, "stdp": stdp, "stochastic": stochastic}

if __name__ == "__main__":
    simulator, case, out = sys.argv[1:4]
    SEED = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    if simulator == "brian2":
        import brian2_linear_cache
        brian2_linear_cache.install()
    sim = import_module("pyNN." + simulator)
    start = time.time()
    result = CASES[case](sim)
    result = {"simulator": simulator, "case": case, "wallSeconds": round(time.time() - start, 2), "populations": result}
    sim.end()
    with open(out, "w") as handle:
        json.dump(result, handle, indent=1)
    print(json.dumps(result))
