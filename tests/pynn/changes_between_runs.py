"""Scripts that change the network between run() calls, for the test suite (tests/NeuroSharp.Cli.Tests/Pynn/PynnChangesTests.cs)
and for comparing pyNN.neurosharp with pyNN.brian2 (docs/pynn.md, "Changes between runs").
Usage: changes_between_runs.py SIMULATOR CASE OUT.json, CASE one of:

  array         update_spike_source_array.py as it is (50 SpikeSourceArrays, spike_times set by a callback every 200 ms to
                0, 20, 40, 60, 80 Hz with a phase per cell, 1000 ms, and its 10 ms progress callback); spike times and the
                spike count of each 200 ms interval
  poisson       varying_poisson.py as it is (50 SpikeSourcePoisson, rate set every 200 ms), 1000 ms; the same outputs
  poisson600    the same, stopped at 600 ms (the draws before 600 ms must be poisson's)
  tau           one IF_cond_exp cell (i_offset 0.5 nA: v_inf -55 mV, below threshold) whose tau_m is set from 20 to 10 ms
                at 50 ms, and one whose i_offset is set from 0.2 to 0.5 nA at 50 ms, 100 ms, v every step
  tau_unchanged the same cells without the changes
  gif           two GIF_cond_exp cells (PyNN's defaults but v_t_star -55 mV, delta_v 1e-3 mV, lambda0 1e6 Hz: all but
                deterministic; i_offset 0.6 nA), run to 200 ms, then cell 0's v_t_star set to -60 mV and on to 400 ms: spike times
  window        50 SpikeSourcePoisson at 50 Hz with the window start 100, duration 300 ms, and 4 with windows of 150 ms from
                0, 100, 200, 300 ms (rate 200 Hz), run to 300 ms, then on to 600 ms: the spike times after each run()
"""

import numpy as np

import case_main

INTERVAL = 200.0


def _spikes(population, tstop):
    data = population.get_data().segments[0]
    trains = [np.asarray(st.magnitude, dtype=float).tolist() for st in data.spiketrains]
    every = np.hstack([t for t in trains]) if trains else np.zeros(0)
    counts = [int(((every >= x) & (every < x + INTERVAL)).sum()) for x in np.arange(0, tstop, INTERVAL)]
    return {"counts": counts, "spikeTimesMs": trains}


def array(sim, tstop=1000.0):
    from pyNN.parameters import Sequence
    sim.setup()
    p = sim.Population(50, sim.SpikeSourceArray(), label="sources")
    p.annotate(phase=np.random.RandomState(1).uniform(0, 1, size=p.size))
    p.record('spikes')
    rates = iter(range(0, 100, 20))

    def set_rate(t):
        try:
            rate = next(rates)
            if rate > 0:
                isi = 1000.0 / rate
                times = t + np.arange(0, INTERVAL, isi)
                p.set(spike_times=[Sequence(times + phase * isi) for phase in p.annotations["phase"]])
            else:
                p.set(spike_times=[])
        except StopIteration:
            pass
        return t + INTERVAL

    sim.run(tstop, callbacks=[lambda t: t + 10.0, set_rate])
    return {"sources": _spikes(p, tstop)}


def poisson(sim, tstop=1000.0):
    sim.setup()
    p = sim.Population(50, sim.SpikeSourcePoisson(), label="sources")
    p.record('spikes')
    rates = iter(range(0, 100, 20))

    def set_rate(t):
        try:
            p.set(rate=next(rates))
        except StopIteration:
            pass
        return t + INTERVAL

    sim.run(tstop, callbacks=[lambda t: t + 10.0, set_rate])
    return {"sources": _spikes(p, tstop)}


def tau(sim, change=True):
    sim.setup(timestep=0.1)
    cells = sim.Population(2, sim.IF_cond_exp(i_offset=[0.5, 0.2]), label="cells")
    cells.record('v')
    sim.run(50.0)
    if change:
        cells[0:1].set(tau_m=10.0)
        cells[1:2].set(i_offset=0.5)
    sim.run(50.0)
    v = cells.get_data().segments[0].analogsignals[0]
    return {"cells": {"v": np.asarray(v.magnitude, dtype=float).T.tolist(), "dtMs": float(v.sampling_period.rescale("ms").magnitude)}}


def window(sim):
    sim.setup()
    common = sim.Population(50, sim.SpikeSourcePoisson(rate=50.0, start=100.0, duration=300.0), label="common")
    each = sim.Population(4, sim.SpikeSourcePoisson(rate=200.0, start=[0.0, 100.0, 200.0, 300.0], duration=150.0), label="each")
    common.record('spikes')
    each.record('spikes')
    out = {}
    for tstop in (300.0, 600.0):
        sim.run_until(tstop)
        for p in (common, each):
            trains = [np.asarray(st.magnitude, dtype=float).tolist() for st in p.get_data().segments[0].spiketrains]
            out.setdefault(p.label, {})[f"to{int(tstop)}"] = trains
    return out


def gif(sim):
    sim.setup(timestep=0.1)
    p = sim.Population(2, sim.GIF_cond_exp(v_t_star=-55.0, delta_v=1e-3, lambda0=1e6, i_offset=0.6), label="gif")
    p.record('spikes')
    out = {}
    for tstop in (200.0, 400.0):
        sim.run_until(tstop)
        out[f"to{int(tstop)}"] = [np.asarray(st.magnitude, dtype=float).tolist() for st in p.get_data().segments[0].spiketrains]
        if tstop == 200.0:
            p[0:1].set(v_t_star=-60.0)
    return {"gif": out}


CASES = {"array": array, "poisson": poisson, "poisson600": lambda sim: poisson(sim, 600.0), "tau": tau,
         "tau_unchanged": lambda sim: tau(sim, change=False), "window": window, "gif": gif}

if __name__ == "__main__":
    case_main.run(CASES)
