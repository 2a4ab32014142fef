namespace NeuroSharp.Testing;

/// <summary>Small networks for the partitioned-run tests: every feature a partitioned run splits, in a few hundred neurons.</summary>
public static class PartitionNetworks
{
    /// <summary>
    /// CUBA-like: a Poisson source population, excitatory and inhibitory LIF populations with drawn initial
    /// potentials, delays from 0.2 to 2 ms (2 to 20 steps: an exchange window of 3 steps), constant and
    /// per-synapse, fixed-probability, fixed-in-degree and all-to-all connectivity, short-term plasticity,
    /// Poisson drive and a current input on chosen neurons, and spike, state and rate monitors.
    /// </summary>
    public const string CubaDelays = """
        {
          "format": "neurosharp.network", "version": 1, "name": "cuba-delays", "dtMs": 0.1, "durationMs": 60,
          "populations": [
            { "name": "in", "count": 50, "model": "poisson", "params": { "rateHz": 40 }, "kind": "excitatory" },
            { "name": "exc", "count": 160, "model": "lif", "preset": "cuba", "kind": "excitatory", "initial": { "v": { "normal": [-55, 3] } } },
            { "name": "inh", "count": 40, "model": "lif", "preset": "cuba", "kind": "inhibitory", "initial": { "v": { "uniform": [-60, -50] } } }
          ],
          "projections": [
            { "source": "in", "target": "exc", "receptor": "excitatory", "connectivity": { "rule": "fixedProbability", "probability": 0.1 }, "weight": 2, "delayMs": 1.5 },
            { "source": "exc", "target": "exc", "receptor": "excitatory", "connectivity": { "rule": "fixedProbability", "probability": 0.05 }, "weight": { "uniform": [1, 2] }, "delayMs": { "uniform": [0.2, 2] } },
            { "source": "exc", "target": "inh", "receptor": "excitatory", "connectivity": { "rule": "fixedInDegree", "inDegree": 8 }, "weight": 1.62, "delayMs": 0.3 },
            { "source": "inh", "target": "exc", "receptor": "inhibitory", "connectivity": { "rule": "fixedProbability", "probability": 0.1 }, "weight": { "normal": [6, 2] }, "delayMs": { "uniform": [0.2, 1] },
              "shortTermPlasticity": { "u": 0.3, "tauRecMs": 100, "tauFacMs": 20 } },
            { "source": "inh", "target": "inh", "receptor": "inhibitory", "connectivity": { "rule": "allToAll" }, "weight": 2, "delayMs": 0.2,
              "shortTermPlasticity": { "u": 0.5, "tauRecMs": 200 } }
          ],
          "inputs": [
            { "type": "poisson", "target": "exc", "sourceCount": 100, "rateHz": 20, "weight": 1 },
            { "type": "current", "target": "inh", "indices": [0, 3, 7, 8, 39], "amplitude": 12, "startMs": 5, "stopMs": 40 }
          ],
          "monitors": [
            { "type": "spikes", "target": "in" },
            { "type": "spikes", "target": "exc" },
            { "type": "spikes", "target": "inh", "indices": [0, 1, 2, 3, 5, 8, 13, 21, 34] },
            { "type": "state", "target": "exc", "variables": ["v", "ge"], "indices": [0, 1, 5, 77, 150, 159], "everySteps": 5 },
            { "type": "state", "target": "inh", "variables": ["v"] },
            { "type": "rate", "target": "exc", "binMs": 5 }
          ]
        }
        """;

    /// <summary>
    /// Local connectivity, where routing spikes pays: a population driven by Poisson input excites a second one
    /// neuron for neuron (random weights, delays 1 to 1.5 ms), which excites itself sparsely with per-synapse delays,
    /// and through a short explicit list with random weights and delays. Under blocks a
    /// neuron's targets sit on one or two ranks, so a routed exchange sends each spike to few ranks.
    /// </summary>
    public const string Chain = """
        {
          "format": "neurosharp.network", "version": 1, "name": "chain", "dtMs": 0.1, "durationMs": 60,
          "populations": [
            { "name": "a", "count": 40, "model": "lif", "preset": "cuba", "kind": "excitatory", "initial": { "v": { "uniform": [-60, -50] } } },
            { "name": "b", "count": 40, "model": "lif", "preset": "cuba", "kind": "excitatory" }
          ],
          "projections": [
            { "source": "a", "target": "b", "receptor": "excitatory", "connectivity": { "rule": "oneToOne" }, "weight": { "uniform": [18, 22] }, "delayMs": { "uniform": [1, 1.5] } },
            { "source": "b", "target": "b", "receptor": "excitatory", "connectivity": { "rule": "fixedProbability", "probability": 0.1 },
              "weight": { "uniform": [0.5, 1.5] }, "delayMs": { "uniform": [0.5, 1.5] } },
            { "name": "list", "source": "b", "target": "b", "receptor": "excitatory", "connectivity": { "rule": "explicit", "sources": [0, 5, 5, 12, 39, 20], "targets": [3, 3, 7, 14, 38, 21] },
              "weight": { "normal": [1, 0.5] }, "delayMs": { "uniform": [0.5, 2] } }
          ],
          "inputs": [ { "type": "poisson", "target": "a", "sourceCount": 100, "rateHz": 40, "weight": 1 } ],
          "monitors": [
            { "type": "spikes", "target": "a" },
            { "type": "spikes", "target": "b" },
            { "type": "state", "target": "b", "variables": ["v"], "indices": [0, 17, 39] }
          ]
        }
        """;

    /// <summary>
    /// STDP with one constant delay (0.5 ms: a window of 6 steps) from a Poisson population onto LIF neurons,
    /// and recurrent STDP with per-synapse delays (which exchanges every step);
    /// <paramref name="perSynapseDelays"/> false leaves the recurrent projection out.
    /// </summary>
    /// <param name="perSynapseDelays">Whether to include the recurrent STDP projection with per-synapse delays.</param>
    /// <returns>The network file's text.</returns>
    public static string Stdp(bool perSynapseDelays) => $$"""
        {
          "format": "neurosharp.network", "version": 1, "name": "stdp", "dtMs": 0.1, "durationMs": 80,
          "populations": [
            { "name": "in", "count": 40, "model": "poisson", "params": { "rateHz": 60 }, "kind": "excitatory" },
            { "name": "out", "count": 23, "model": "lif", "preset": "cuba", "kind": "excitatory", "initial": { "v": { "uniform": [-60, -50] } } }
          ],
          "projections": [
            { "name": "learn", "source": "in", "target": "out", "receptor": "excitatory", "connectivity": { "rule": "allToAll" },
              "weight": { "uniform": [1, 3] }, "delayMs": 0.5,
              "stdp": { "tauPlusMs": 20, "tauMinusMs": 20, "aPlus": 0.05, "aMinus": 0.06, "wMin": 0, "wMax": 4, "aPlusTriplet": 0.01 } }{{(perSynapseDelays ? """
            ,
            { "name": "recurrent", "source": "out", "target": "out", "receptor": "excitatory", "connectivity": { "rule": "fixedProbability", "probability": 0.3 },
              "weight": 1, "delayMs": { "uniform": [0.1, 1.5] },
              "stdp": { "aPlus": 0.1, "aMinus": 0.12, "wMin": 0, "wMax": 3, "bounds": "softBounded" } }
        """ : "")}}
          ],
          "monitors": [
            { "type": "spikes", "target": "in" },
            { "type": "spikes", "target": "out" },
            { "type": "state", "target": "out", "variables": ["v"], "everySteps": 3 }
          ]
        }
        """;

    /// <summary>
    /// Gap junctions over ranks: two LIF populations coupled electrically within exc (fixed probability, drawn
    /// conductances), from inh onto exc (an explicit list with its own conductances and a pair given twice) and all to
    /// all within inh, beside chemical synapses (delays 0.5 to 1.5 ms: a window of 6 steps, while v travels every step),
    /// a Poisson drive and a current input; spike and state monitors.
    /// </summary>
    public const string GapJunctions = """
        {
          "format": "neurosharp.network", "version": 1, "name": "gap", "dtMs": 0.1, "durationMs": 60,
          "populations": [
            { "name": "exc", "count": 60, "model": "lif", "preset": "cuba", "kind": "excitatory", "initial": { "v": { "uniform": [-60, -50] } } },
            { "name": "inh", "count": 23, "model": "lif", "preset": "cuba", "kind": "inhibitory", "initial": { "v": { "uniform": [-60, -50] } } }
          ],
          "projections": [
            { "source": "exc", "target": "inh", "receptor": "excitatory", "connectivity": { "rule": "fixedProbability", "probability": 0.1 }, "weight": { "uniform": [1, 3] }, "delayMs": { "uniform": [0.5, 1.5] } },
            { "source": "inh", "target": "exc", "receptor": "inhibitory", "connectivity": { "rule": "fixedInDegree", "inDegree": 4 }, "weight": 4, "delayMs": 0.8 }
          ],
          "gapJunctions": [
            { "source": "exc", "target": "exc", "connectivity": { "rule": "fixedProbability", "probability": 0.08 }, "conductance": { "uniform": [0.02, 0.2] } },
            { "name": "list", "source": "inh", "target": "exc", "connectivity": { "rule": "explicit", "sources": [0, 5, 5, 22, 3, 3], "targets": [7, 7, 2, 59, 40, 40], "weights": [0.3, 0.1, 0.2, 0.25, 0.05, 0.15] }, "conductance": 1 },
            { "source": "inh", "target": "inh", "connectivity": { "rule": "allToAll" }, "conductance": 0.01 }
          ],
          "inputs": [
            { "type": "poisson", "target": "exc", "sourceCount": 100, "rateHz": 25, "weight": 1 },
            { "type": "current", "target": "inh", "indices": [1, 4, 9], "amplitude": 15, "startMs": 5 }
          ],
          "monitors": [
            { "type": "spikes", "target": "exc" },
            { "type": "spikes", "target": "inh" },
            { "type": "state", "target": "exc", "variables": ["v"], "indices": [0, 2, 7, 40, 59], "everySteps": 2 },
            { "type": "state", "target": "inh", "variables": ["v"] }
          ]
        }
        """;

    /// <summary>
    /// <see cref="GapJunctions"/> with the inhibitory projection's delay 0: a window of one step (as c302's networks have),
    /// where the v of the remote partners ride in each step's spike exchange.
    /// </summary>
    public static string GapJunctionsEveryStep => GapJunctions.Replace("\"weight\": 4, \"delayMs\": 0.8", "\"weight\": 4, \"delayMs\": 0", StringComparison.Ordinal);

    /// <summary>
    /// <see cref="GapJunctions"/> with graded projections beside the gap junctions (docs/spiking-graded.md): a linear one from
    /// exc onto inh (drawn weights), a sigmoid one from inh onto exc and a rise-decay one within exc; their sources' v travel
    /// with the gap junctions' (with <paramref name="everyStep"/>, riding in each step's spike exchange).
    /// </summary>
    public static string Graded(bool everyStep) => (everyStep ? GapJunctionsEveryStep : GapJunctions).Replace("\"inputs\": [", """
        "gradedProjections": [
            { "name": "lin", "source": "exc", "target": "inh", "connectivity": { "rule": "fixedProbability", "probability": 0.1 }, "weight": { "uniform": [0.5, 1.5] }, "kind": "linear", "conductance": 0.02 },
            { "name": "sig", "source": "inh", "target": "exc", "connectivity": { "rule": "fixedInDegree", "inDegree": 3 }, "kind": "sigmoid", "conductance": 0.1, "erevMv": -70, "vthMv": -52, "deltaMv": 2, "kPerMs": 0.3 },
            { "name": "rd", "source": "exc", "target": "exc", "connectivity": { "rule": "explicit", "sources": [1, 8, 8, 30], "targets": [0, 2, 59, 2] }, "kind": "sigmoidRiseDecay", "conductance": 0.3, "erevMv": 0, "vthMv": -55, "deltaMv": 3, "risePerMs": 0.5, "decayPerMs": 0.05 }
          ],
          "inputs": [
        """, StringComparison.Ordinal);

    /// <summary>
    /// Single spiking neurons ($.neurons, each a population of 1) beside a population: a link with a delay between
    /// two of them, projections from and onto them, a current input on one, and a gap junction from a single neuron
    /// onto the population.
    /// </summary>
    public const string SingleNeurons = """
        {
          "format": "neurosharp.network", "version": 1, "name": "singles", "dtMs": 0.1, "durationMs": 60,
          "neurons": [
            { "id": "driver", "model": "lif", "preset": "cuba", "kind": "excitatory" },
            { "id": "relay", "model": "lif", "preset": "cuba", "kind": "excitatory" }
          ],
          "links": [ { "from": "driver", "to": "relay", "weight": 25, "delayMs": 0.5 } ],
          "populations": [
            { "name": "pop", "count": 30, "model": "lif", "preset": "cuba", "kind": "inhibitory", "initial": { "v": { "uniform": [-60, -50] } } }
          ],
          "projections": [
            { "source": "relay", "target": "pop", "receptor": "excitatory", "connectivity": { "rule": "allToAll" }, "weight": { "uniform": [2, 6] }, "delayMs": 1 },
            { "source": "pop", "target": "driver", "receptor": "inhibitory", "connectivity": { "rule": "allToAll" }, "weight": 1, "delayMs": 0.5 }
          ],
          "gapJunctions": [ { "source": "driver", "target": "pop", "connectivity": { "rule": "allToAll" }, "conductance": 0.02 } ],
          "inputs": [
            { "type": "current", "target": "driver", "amplitude": 20 },
            { "type": "poisson", "target": "pop", "sourceCount": 100, "rateHz": 20, "weight": 1 }
          ],
          "monitors": [
            { "type": "spikes", "target": "driver" },
            { "type": "spikes", "target": "relay" },
            { "type": "spikes", "target": "pop" },
            { "type": "state", "target": "relay", "variables": ["v"] },
            { "type": "state", "target": "pop", "variables": ["v"], "indices": [0, 1, 29] }
          ]
        }
        """;

    /// <summary>
    /// Article 002's transmitter neurons (docs/spiking-transmitter.md) beside a spiking population: excitatory neurons in a
    /// chain that loops back, fanning into a hub that two inhibitory neurons also reach, touched by stimuli on two of them
    /// at different periods, so that releases walk the chain and meet at the hub; <paramref name="delivery"/> is
    /// synchronous or sequential. With no monitors listed every neuron and population gets a spike monitor, and every
    /// transmitter neuron's 13 state values are recorded every step.
    /// </summary>
    public static string Transmitters(string delivery) => $$"""
        {
          "format": "neurosharp.network", "version": 1, "name": "transmitters", "dtMs": 1, "durationMs": 300,
          "delivery": "{{delivery}}",
          "neurons": [
            { "id": "e0", "model": "transmitter", "preset": "excitatory", "kind": "excitatory" },
            { "id": "e1", "model": "transmitter", "preset": "excitatory", "kind": "excitatory" },
            { "id": "i0", "model": "transmitter", "preset": "inhibitory", "kind": "inhibitory" },
            { "id": "e2", "model": "transmitter", "preset": "excitatory", "kind": "excitatory" },
            { "id": "e3", "model": "transmitter", "preset": "excitatory", "kind": "excitatory" },
            { "id": "hub", "model": "transmitter", "preset": "repository" },
            { "id": "i1", "model": "transmitter", "preset": "inhibitory", "kind": "inhibitory" },
            { "id": "e4", "model": "transmitter", "preset": "excitatory", "kind": "excitatory" },
            { "id": "lif", "model": "lif", "preset": "cuba", "kind": "excitatory" }
          ],
          "populations": [
            { "name": "pop", "count": 5, "model": "lif", "preset": "cuba", "kind": "excitatory", "initial": { "v": { "uniform": [-60, -50] } } }
          ],
          "links": [
            { "from": "e0", "to": "e1" }, { "from": "e1", "to": "e2" }, { "from": "e2", "to": "e3" }, { "from": "e3", "to": "e4" },
            { "from": "e4", "to": "e0" }, { "from": "e1", "to": "hub" }, { "from": "e3", "to": "hub" }, { "from": "e4", "to": "hub" },
            { "from": "i0", "to": "hub" }, { "from": "i1", "to": "hub" }, { "from": "i1", "to": "e2" }, { "from": "hub", "to": "i0" },
            { "from": "hub", "to": "e4" }, { "from": "e2", "to": "i1" }
          ],
          "inputs": [
            { "type": "stimulus", "target": "e0", "steps": [3], "everySteps": 17, "amount": [20, 0] },
            { "type": "stimulus", "target": "e3", "steps": [11], "everySteps": 29, "amount": [15, 0] },
            { "type": "stimulus", "target": "i0", "everySteps": 23, "amount": [0, -12] },
            { "type": "current", "target": "lif", "amplitude": 20 },
            { "type": "poisson", "target": "pop", "sourceCount": 100, "rateHz": 20, "weight": 1 }
          ]
        }
        """;

    /// <summary>
    /// The plasticity rules that <see cref="Stdp"/> and <see cref="CubaDelays"/> leave out: nearest-spike pairing with the
    /// power-law bounds and x_tar, an adaptive threshold (homeostasis: theta grows at each spike and decays), and weight
    /// normalisation of each target's incoming weights every 100 steps, on a Poisson-driven population.
    /// </summary>
    public const string Homeostasis = """
        {
          "format": "neurosharp.network", "version": 1, "name": "homeostasis", "dtMs": 0.1, "durationMs": 60,
          "populations": [
            { "name": "in", "count": 30, "model": "poisson", "params": { "rateHz": 80 }, "kind": "excitatory" },
            { "name": "out", "count": 17, "model": "lif", "preset": "cuba", "kind": "excitatory",
              "params": { "adaptiveThreshold": { "incrementMv": 0.5, "tauMs": 50 } }, "initial": { "v": { "uniform": [-60, -50] } } }
          ],
          "projections": [
            { "name": "learn", "source": "in", "target": "out", "receptor": "excitatory", "connectivity": { "rule": "fixedProbability", "probability": 0.6 },
              "weight": { "uniform": [2, 5] }, "delayMs": 0.3,
              "stdp": { "aPlus": 0.05, "aMinus": 0.04, "wMin": 0, "wMax": 6, "bounds": "powerLaw", "mu": 0.5, "pairing": "nearest", "xTarget": 0.1 },
              "normalization": { "incomingSum": 40, "everySteps": 100 } }
          ],
          "monitors": [
            { "type": "spikes", "target": "in" },
            { "type": "spikes", "target": "out" },
            { "type": "state", "target": "out", "variables": ["v", "theta"], "everySteps": 4 }
          ]
        }
        """;

    /// <summary>
    /// Populations of model equations (docs/spiking-equations.md): an excitatory one (euler, conductance g_e decaying, v and
    /// an adaptation u held while refractory, a derived variable recorded) and an inhibitory one (rk4, exp in its
    /// equation, inputs onto one variable with inhibitorySign -1), recurrent projections with delays, Poisson drive, drawn
    /// initial values and a current step, on 300 neurons (more than one 256-neuron chunk per rank).
    /// </summary>
    public const string Equations = """
        {
          "format": "neurosharp.network", "version": 1, "name": "equations", "dtMs": 0.1, "durationMs": 60,
          "populations": [
            { "name": "exc", "count": 300, "model": "equations", "kind": "excitatory",
              "params": {
                "parameters": { "tau": 10, "El": -65, "Vt": -50, "Vr": -62, "tauu": 40 },
                "variables": { "v": -65, "ge": 0, "gi": 0, "u": 0 },
                "equations": ["dv/dt = (El - v + ge - gi - u + I) / tau (unless refractory)", "dge/dt = -ge / 5", "dgi/dt = -gi / 10",
                              "du/dt = -u / tauu (unless refractory)", "drive = ge - gi"],
                "threshold": "v > Vt", "reset": ["v = Vr", "u += 1"], "refractoryMs": 2,
                "inputs": { "excitatory": "ge", "inhibitory": "gi" } },
              "initial": { "v": { "uniform": [-65, -50] } } },
            { "name": "inh", "count": 60, "model": "equations", "kind": "inhibitory",
              "params": {
                "parameters": { "tau": 8, "El": -65, "Vt": -52, "Vr": -65 },
                "variables": { "v": -65, "g": 0 },
                "equations": ["dv/dt = (El - v + g + I) / tau + 0.2 * exp((v - Vt) / 3)", "dg/dt = -g / 4"],
                "threshold": "v > Vt", "reset": ["v = Vr"], "refractoryMs": 1,
                "inputs": { "excitatory": "g", "inhibitory": "g", "inhibitorySign": -1 }, "method": "rk4" },
              "initial": { "v": { "normal": [-58, 3] } } }
          ],
          "projections": [
            { "source": "exc", "target": "exc", "receptor": "excitatory", "connectivity": { "rule": "fixedProbability", "probability": 0.05 }, "weight": { "uniform": [1, 3] }, "delayMs": { "uniform": [0.5, 2] } },
            { "source": "exc", "target": "inh", "receptor": "excitatory", "connectivity": { "rule": "fixedInDegree", "inDegree": 10 }, "weight": 2, "delayMs": 0.5 },
            { "source": "inh", "target": "exc", "receptor": "inhibitory", "connectivity": { "rule": "fixedProbability", "probability": 0.2 }, "weight": { "uniform": [2, 4] }, "delayMs": 0.8 },
            { "source": "inh", "target": "inh", "receptor": "inhibitory", "connectivity": { "rule": "fixedProbability", "probability": 0.2 }, "weight": 1, "delayMs": 0.5 }
          ],
          "inputs": [
            { "type": "poisson", "target": "exc", "sourceCount": 100, "rateHz": 25, "weight": 2 },
            { "type": "current", "target": "inh", "indices": [0, 5, 9], "amplitude": 20, "startMs": 5, "stopMs": 40 }
          ],
          "monitors": [
            { "type": "spikes", "target": "exc" },
            { "type": "spikes", "target": "inh" },
            { "type": "state", "target": "exc", "variables": ["v", "u", "drive"], "indices": [0, 1, 150, 299], "everySteps": 3 },
            { "type": "state", "target": "inh", "variables": ["v", "g"] }
          ]
        }
        """;
}
