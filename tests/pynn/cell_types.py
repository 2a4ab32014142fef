"""PyNN's Hodgkin-Huxley and adapting cell types on a backend, for tests/NeuroSharp.Cli.Tests/Pynn (PynnCellTypeTests).
Usage: cell_types.py SIMULATOR CASE OUT.json, CASE one of:

  hh        HH_cond_exp2.py as it is (one HH_cond_exp cell, i_offset 1 nA, v from -64 mV, dt 0.001 ms, 20 ms), plus
            one cell of PyNN's defaults fed by a spike train through both receptors (dt 0.01 ms, 50 ms): v, m, h, n,
            gsyn_exc, gsyn_inh and spikes
  demo      cell_type_demonstration.py's cells (IF_curr_exp, HH_cond_exp, EIF_cond_exp_isfa_ista, IF_cond_exp_gsfa_grr,
            Izhikevich under their i_offset, dt 0.01 ms, 100 ms) plus an EIF_cond_alpha_isfa_ista cell like the EIF one:
            v of each, w of the EIF cells, u of Izhikevich, and the spikes
  synapses  one spike at 10 ms (delay 1 ms) onto passive EIF_cond_exp_isfa_ista, EIF_cond_alpha_isfa_ista and
            IF_cond_exp_gsfa_grr cells (excitatory 0.01 uS, inhibitory 0.02 uS; dt 0.01 ms, 40 ms): v, gsyn_exc, gsyn_inh
  gif       gif_neuron.py's four GIF_cond_exp cells as it sets them up (dt 0.01 ms, DC 0.6 nA from 20 to 280 ms, 300 ms): v,
            i_eta, v_t and spikes; plus 400 cells like its stochastic ones (no kernels, delta_v 0.5 mV) under the same DC: spikes

Spikes: on pyNN.brian2 HH_cond_exp reports a spike at every step with v > -40 mV; "onsetsMs" are the first steps of each
run of them, which is what pyNN.neurosharp reports (the upward crossing).
"""

import numpy as np

import case_main


def signals(population, names):
    block = population.get_data().segments[0]
    out = {}
    for name in names:
        s = block.filter(name=name)[0]
        out[name] = np.asarray(s.magnitude).T.tolist()
        out["dtMs"] = float(s.sampling_period.rescale("ms").magnitude)
    trains = [np.asarray(st.rescale("ms").magnitude) for st in block.spiketrains]
    out["spikesMs"] = [t.tolist() for t in trains]
    out["onsetsMs"] = [t[np.concatenate([[True], np.diff(t) > 1.5 * out.get("dtMs", 0.01)])].tolist() if len(t) else [] for t in trains]
    return out


def hh(sim):
    # HH_cond_exp2.py, unchanged but for recording spikes and the gates.
    sim.setup(timestep=0.001, min_delay=0.1)
    cellparams = {'gbar_Na': 20.0, 'gbar_K': 6.0, 'g_leak': 0.01, 'cm': 0.2, 'v_offset': -63.0, 'e_rev_Na': 50.0, 'e_rev_K': -90.0,
                  'e_rev_leak': -65.0, 'e_rev_E': 0.0, 'e_rev_I': -80.0, 'tau_syn_E': 0.2, 'tau_syn_I': 2.0, 'i_offset': 1.0}
    hhcell = sim.Population(1, sim.HH_cond_exp(**cellparams), label="hh2")
    sim.initialize(hhcell, v=-64.0)
    hhcell.record(["v", "m", "h", "n", "spikes"])
    sim.run(20.0)
    out = {"hh2": signals(hhcell, ["v", "m", "h", "n"])}
    sim.end()
    # PyNN's default HH cell under synaptic input: four excitatory spikes (0.05 uS) then an inhibitory one (0.1 uS).
    sim.setup(timestep=0.01, min_delay=0.1)
    cell = sim.Population(1, sim.HH_cond_exp(), label="driven")
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 20.0, 21.0, 22.0]), label="source")
    inhibitor = sim.Population(1, sim.SpikeSourceArray(spike_times=[35.0]), label="inhibitor")
    sim.Projection(source, cell, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.05, delay=1.0), receptor_type="excitatory")
    sim.Projection(inhibitor, cell, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1, delay=1.0), receptor_type="inhibitory")
    cell.record(["v", "gsyn_exc", "gsyn_inh", "spikes"])
    sim.run(50.0)
    out["driven"] = signals(cell, ["v", "gsyn_exc", "gsyn_inh"])
    return out


def demo(sim):
    sim.setup(timestep=0.01, min_delay=1.0)
    populations = [
        (sim.Population(1, sim.IF_curr_exp(i_offset=1.0), label="IF_curr_exp"), ["v"]),
        (sim.Population(1, sim.HH_cond_exp(i_offset=0.2), label="HH_cond_exp"), ["v"]),
        (sim.Population(1, sim.EIF_cond_exp_isfa_ista(i_offset=1.0), label="EIF_cond_exp_isfa_ista"), ["v", "w"]),
        (sim.Population(1, sim.EIF_cond_alpha_isfa_ista(i_offset=1.0), label="EIF_cond_alpha_isfa_ista"), ["v", "w"]),
        (sim.Population(1, sim.IF_cond_exp_gsfa_grr(i_offset=2.0), label="IF_cond_exp_gsfa_grr"), ["v"]),
        (sim.Population(1, sim.Izhikevich(i_offset=0.01), label="Izhikevich"), ["v", "u"]),
    ]
    for p, names in populations:
        p.record(names + ["spikes"])
    sim.run(100.0)
    return {p.label: signals(p, names) for p, names in populations}


def synapses(sim):
    sim.setup(timestep=0.01, min_delay=1.0)
    populations = [
        sim.Population(2, sim.EIF_cond_exp_isfa_ista(tau_syn_E=2.0, tau_syn_I=4.0), label="eif_exp"),
        sim.Population(2, sim.EIF_cond_alpha_isfa_ista(tau_syn_E=2.0, tau_syn_I=4.0), label="eif_alpha"),
        sim.Population(2, sim.IF_cond_exp_gsfa_grr(tau_syn_E=2.0, tau_syn_I=4.0), label="gsfa_grr"),
    ]
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]), label="source")
    for p in populations:
        sim.Projection(source, p[0:1], sim.AllToAllConnector(), sim.StaticSynapse(weight=0.01, delay=1.0), receptor_type="excitatory")
        sim.Projection(source, p[1:2], sim.AllToAllConnector(), sim.StaticSynapse(weight=0.02, delay=1.0), receptor_type="inhibitory")
        p.record(["v", "gsyn_exc", "gsyn_inh"])
    sim.run(40.0)
    return {p.label: signals(p, ["v", "gsyn_exc", "gsyn_inh"]) for p in populations}


def gif(sim):
    # examples/gif_neuron.py's cells and stimulus, unchanged; 400 more stochastic cells for the escape rate's statistics.
    sim.setup(timestep=0.01, min_delay=1.0)
    shared = {'v_rest': -65.0, 'cm': 1.0, 'tau_m': 20.0, 'tau_refrac': 4.0, 'tau_syn_E': 5.0, 'tau_syn_I': 5.0, 'e_rev_E': 0.0,
              'e_rev_I': -70.0, 'v_reset': -65.0, 'i_offset': 0.0, 'v_t_star': -55.0, 'lambda0': 1.0,
              'tau_eta': (1.0, 10.0, 100.0), 'tau_gamma': (1.0, 10.0, 100.0)}
    cells = sim.Population(4, sim.GIF_cond_exp(**shared, delta_v=[1e-6, 1e-6, 0.5, 0.5],
                                               a_eta=[(0.1, 0.1, 0.1), (0.0, 0.0, 0.0), (0.0, 0.0, 0.0), (0.0, 0.0, 0.0)],
                                               a_gamma=[(0.0, 0.0, 0.0), (5.0, 5.0, 5.0), (0.0, 0.0, 0.0), (0.0, 0.0, 0.0)]),
                           initial_values={'v': -65.0, 'v_t': -55.0}, label="gif")
    # PyNN's default initial v_t (-48 mV) here: v_t starts at v_t_star all the same (a sum of kernel terms, as on NEST and NEURON).
    noisy = sim.Population(400, sim.GIF_cond_exp(**shared, delta_v=0.5, a_eta=(0.0, 0.0, 0.0), a_gamma=(0.0, 0.0, 0.0)),
                           initial_values={'v': -65.0}, label="noisy")
    electrode = sim.DCSource(start=20.0, stop=280.0, amplitude=0.6)
    electrode.inject_into(cells)
    electrode.inject_into(noisy)
    cells.record(['v', 'i_eta', 'v_t', 'spikes'])
    noisy.record('spikes')
    sim.run(300.0)
    return {"gif": signals(cells, ['v', 'i_eta', 'v_t']), "noisy": signals(noisy, [])}


CASES = {"hh": hh, "demo": demo, "synapses": synapses, "gif": gif}

if __name__ == "__main__":
    case_main.run(CASES)
