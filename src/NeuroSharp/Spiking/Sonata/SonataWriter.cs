using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuroSharp.Formats;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using PureHDF;

namespace NeuroSharp.Spiking.Sonata;

/// <summary>
/// Writes a network as SONATA for NEST, the inverse of <see cref="SonataReader"/>: one node population per engine
/// population (one node type each), one edge population per projection listing every synapse, current-based LIF as
/// iaf_psc_exp/alpha and conductance LIF as iaf_cond_exp/alpha with parameters chosen so that the reader's unit
/// conversions are the identity (C_m = tau_m, g_L = 1 nS), spike sources as virtual nodes fed from a spike file, and
/// current inputs as I_e or current clamps. docs/sonata.md, "Writing SONATA".
/// </summary>
internal static class SonataWriter
{
    /// <summary>Bytes held per synapse while writing (ids, type, group, index, weight, delay).</summary>
    private const long BytesPerEdge = 56;

    private sealed record Cell(PopulationSpec Population, string Node, long TypeId, string? Template, Dictionary<string, double> Parameters);

    public static void Write(string path, NetworkSpec spec, ulong seed, MemoryBudget budget)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new InvalidInputException($"{path} already exists; NeuroSharp writes a SONATA circuit only to a new config (remove it or name another).");
        string dir = Path.GetDirectoryName(full)!;
        Refuse(spec);
        double dt = spec.DtMs;
        var cells = Cells(spec, dt);
        var byName = cells.ToDictionary(c => c.Population.Name, StringComparer.Ordinal);
        var inputs = Inputs(spec, byName, dt);

        // Everything that can be refused is checked before the first file is written.
        var (edges, edgeTypes) = Edges(spec, byName, seed, dt, budget);
        Directory.CreateDirectory(Path.Combine(dir, "network"));
        Directory.CreateDirectory(Path.Combine(dir, "components", "point_neuron_models"));
        Directory.CreateDirectory(Path.Combine(dir, "components", "synaptic_models"));
        WriteNodes(dir, cells);
        H5(Path.Combine(dir, "network", "edges.h5"), edges);
        AtomicFile.WriteAllText(Path.Combine(dir, "network", "edge_types.csv"), string.Join('\n', edgeTypes) + "\n");
        AtomicFile.WriteAllText(Path.Combine(dir, "components", "synaptic_models", "static_synapse.json"), "{}\n");
        var spikeInputs = WriteSpikes(dir, cells, dt);
        WriteConfig(full, spec, inputs, spikeInputs);
    }

    /// <summary>What SONATA for NEST cannot say, refused with the JSON path.</summary>
    private static void Refuse(NetworkSpec spec)
    {
        if (spec.Neurons.Count > 0 || spec.Links.Count > 0)
            throw new InvalidInputException("$.neurons: the network has single (transmitter) neurons, which SONATA export does not write; it writes populations.");
        if (spec.GapJunctions.Count > 0) throw new InvalidInputException("$.gapJunctions: SONATA export does not write gap junctions.");
        for (int i = 0; i < spec.Projections.Count; i++)
        {
            var p = spec.Projections[i];
            if (p.Stdp is not null || p.ShortTermPlasticity is not null || p.Normalization is not null)
                throw new InvalidInputException($"$.projections[{i}] ('{p.DisplayName}') is plastic (STDP, short-term plasticity or normalisation); SONATA export writes static synapses only.");
        }
    }

    private static List<Cell> Cells(NetworkSpec spec, double dt)
    {
        var cells = new List<Cell>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < spec.Populations.Count; i++)
        {
            var p = spec.Populations[i];
            string at = $"$.populations[{i}] ('{p.Name}')";
            string node = Unique(Safe(p.Name), used);
            long type = 100 + i;
            double? v0 = null;
            if (p.Initial is { Count: > 0 } initial)
            {
                if (initial.Count != 1 || !initial.TryGetValue("v", out var v) || v.Kind != DistributionKind.Constant)
                    throw new InvalidInputException($"{at} has initial values other than one constant v; SONATA export writes a constant V_m only.");
                v0 = v.Value;
            }
            switch (p.Model)
            {
                case SpikeTimesSourceSpec:
                    cells.Add(new Cell(p, node, type, null, []));
                    break;
                case LifNeuronSpec m:
                {
                    if (m.AdaptiveThreshold is not null) throw new InvalidInputException($"{at} has an adaptive threshold, which NEST's iaf models lack.");
                    bool alpha = Alpha(at, m.TauExcMs, m.RiseExcMs, m.TauInhMs, m.RiseInhMs);
                    // C_m = tau_m makes tau_m / C_m = 1: weights and currents carry over as numbers.
                    var q = new Dictionary<string, double>(StringComparer.Ordinal)
                    {
                        ["C_m"] = m.TauMs, ["tau_m"] = m.TauMs, ["E_L"] = m.RestMv, ["V_reset"] = m.ResetMv, ["V_th"] = m.ThresholdMv,
                        ["t_ref"] = RefractoryOf(at, m.RefractoryMs, dt), ["tau_syn_ex"] = m.TauExcMs, ["tau_syn_in"] = m.TauInhMs, ["V_m"] = v0 ?? m.RestMv,
                    };
                    cells.Add(new Cell(p, node, type, alpha ? "nest:iaf_psc_alpha" : "nest:iaf_psc_exp", q));
                    break;
                }
                case ConductanceLifNeuronSpec m:
                {
                    if (m.AdaptiveThreshold is not null) throw new InvalidInputException($"{at} has an adaptive threshold, which NEST's iaf models lack.");
                    bool alpha = Alpha(at, m.TauExcMs, m.RiseExcMs, m.TauInhMs, m.RiseInhMs);
                    // g_L = 1 nS and C_m = tau_m: conductances in units of g_L and currents / g_L carry over as numbers.
                    var q = new Dictionary<string, double>(StringComparer.Ordinal)
                    {
                        ["C_m"] = m.TauMs, ["g_L"] = 1, ["E_L"] = m.RestMv, ["V_reset"] = m.ResetMv, ["V_th"] = m.ThresholdMv,
                        ["t_ref"] = RefractoryOf(at, m.RefractoryMs, dt), ["tau_syn_ex"] = m.TauExcMs, ["tau_syn_in"] = m.TauInhMs,
                        ["E_ex"] = m.ExcReversalMv, ["E_in"] = m.InhReversalMv, ["V_m"] = v0 ?? m.RestMv,
                    };
                    cells.Add(new Cell(p, node, type, alpha ? "nest:iaf_cond_alpha" : "nest:iaf_cond_exp", q));
                    break;
                }
                default:
                    throw new InvalidInputException($"{at} is a {NeuronModels.NameOf(p.Model)} population; SONATA export writes lif and conductanceLif (as NEST's iaf models) and spikeTimes sources (as virtual nodes).");
            }
        }
        return cells;
    }

    /// <summary>True for alpha channels (rise = decay on both), false for exponential ones (no rise); anything else has no NEST iaf model.</summary>
    private static bool Alpha(string at, double tauExc, double riseExc, double tauInh, double riseInh)
    {
        if (!(tauExc > 0 && tauInh > 0)) throw new InvalidInputException($"{at} has an input time constant of 0 (one-step inputs); SONATA export writes exponential or alpha inputs.");
        if (riseExc == 0 && riseInh == 0) return false;
        if (riseExc == tauExc && riseInh == tauInh) return true;
        throw new InvalidInputException($"{at} has rise times ({riseExc}, {riseInh} ms) that are neither both 0 nor both equal to their decays; NEST's iaf models are all-exponential or all-alpha.");
    }

    /// <summary>NEST's t_ref: the reader adds dt back (the crossing step), so t_ref + dt must give the engine's value exactly.</summary>
    private static double RefractoryOf(string at, double refractoryMs, double dt)
    {
        if (refractoryMs < dt) throw new InvalidInputException($"{at} has refractoryMs {refractoryMs}, below the step {dt} ms; NEST's iaf models hold V for at least the crossing step.");
        return Solve(refractoryMs, refractoryMs - dt, t => t + dt);
    }

    /// <summary>x near <paramref name="guess"/> with f(x) exactly <paramref name="target"/>, searching a few ulps either side; the guess when none is.</summary>
    private static double Solve(double target, double guess, Func<double, double> f)
    {
        if (f(guess) == target) return guess;
        double up = guess, down = guess;
        for (int i = 0; i < 16; i++)
        {
            up = Math.BitIncrement(up);
            if (f(up) == target) return up;
            down = Math.BitDecrement(down);
            if (f(down) == target) return down;
        }
        return guess;
    }

    /// <summary>Current inputs: a constant one over a whole population and the whole run is I_e; others are current clamps (nA).</summary>
    private static List<(string Name, string Json)> Inputs(NetworkSpec spec, Dictionary<string, Cell> cells, double dt)
    {
        var clamps = new List<(string, string)>();
        for (int i = 0; i < spec.Inputs.Count; i++)
        {
            var input = spec.Inputs[i];
            string at = $"$.inputs[{i}]";
            if (input is not CurrentInputSpec c) throw new InvalidInputException($"{at} is a {input.GetType().Name}; SONATA export writes current inputs only (Poisson drive has no SONATA form here).");
            var cell = cells[c.Target];
            if (cell.Template is null) throw new InvalidInputException($"{at} drives '{c.Target}', a spike source, which has no current.");
            if (c.Indices is null && c.StartMs == 0 && c.StopMs is null)
            {
                cell.Parameters["I_e"] = cell.Parameters.GetValueOrDefault("I_e") + c.Amplitude;
                continue;
            }
            double amp = Solve(c.Amplitude, c.Amplitude / 1000, a => a * 1000);
            double stop = c.StopMs ?? spec.DurationMs ?? throw new InvalidInputException($"{at} has no stopMs and the network no durationMs; a SONATA current clamp needs a duration.");
            double duration = Solve(stop, stop - c.StartMs, d => c.StartMs + d);
            string nodes = c.Indices is null ? "" : $", \"node_id\": [{string.Join(", ", c.Indices)}]";
            clamps.Add(($"clamp_{i}", $$"""{ "input_type": "current_clamp", "module": "IClamp", "node_set": { "population": "{{cell.Node}}"{{nodes}} }, "amp": {{Num(amp)}}, "delay": {{Num(c.StartMs)}}, "duration": {{Num(duration)}} }"""));
        }
        return clamps;
    }

    private static void WriteNodes(string dir, List<Cell> cells)
    {
        var nodes = new H5Group();
        var types = new List<string> { "node_type_id model_type model_template dynamics_params" };
        foreach (var cell in cells)
        {
            int n = cell.Population.Count;
            nodes[cell.Node] = new H5Group
            {
                ["node_id"] = Enumerable.Range(0, n).Select(i => (ulong)i).ToArray(),
                ["node_type_id"] = Enumerable.Repeat((uint)cell.TypeId, n).ToArray(),
                ["node_group_id"] = new uint[n],
                ["node_group_index"] = Enumerable.Range(0, n).Select(i => (ulong)i).ToArray(),
                ["0"] = new H5Group(),
            };
            if (cell.Template is null)
            {
                types.Add($"{cell.TypeId} virtual NULL NULL");
                continue;
            }
            string file = cell.Node + ".json";
            types.Add($"{cell.TypeId} point_neuron {cell.Template} {file}");
            AtomicFile.WriteAllText(Path.Combine(dir, "components", "point_neuron_models", file), ObjectJson(cell.Parameters));
        }
        H5(Path.Combine(dir, "network", "nodes.h5"), new H5File { ["nodes"] = nodes });
        AtomicFile.WriteAllText(Path.Combine(dir, "network", "node_types.csv"), string.Join('\n', types) + "\n");
    }

    private static (H5File File, List<string> Types) Edges(NetworkSpec spec, Dictionary<string, Cell> cells, ulong seed, double dt, MemoryBudget budget)
    {
        var edges = new H5Group();
        var types = new List<string> { "edge_type_id model_template dynamics_params" };
        var used = new HashSet<string>(StringComparer.Ordinal);
        SpikingEngine? engine = null;
        long total = 0;
        for (int i = 0; i < spec.Projections.Count; i++)
        {
            var p = spec.Projections[i];
            string at = $"$.projections[{i}] ('{p.DisplayName}')";
            var synapses = NeuroMlWriter.Synapses(spec, p, seed, ref engine).ToList();
            total += synapses.Count;
            budget.Require($"SONATA export: {total} synapses", MemoryBudget.Times(total, BytesPerEdge));
            if (synapses.Count == 0) continue;
            bool inhibitory = p.Receptor == Receptor.Inhibitory;
            var weights = new double[synapses.Count];
            var delays = new double[synapses.Count];
            for (int k = 0; k < synapses.Count; k++)
            {
                var (_, _, w, d) = synapses[k];
                if (!(d >= dt)) throw new InvalidInputException($"{at}: synapse {k} has delay {Num(d)} ms, below the step {Num(dt)} ms; NEST's smallest delay is one step.");
                if (w < 0 || (inhibitory && w == 0))
                    throw new InvalidInputException($"{at}: synapse {k} has weight {Num(w)}; SONATA's sign of syn_weight picks the channel, so an inhibitory weight must be above 0 and an excitatory one at least 0.");
                weights[k] = inhibitory ? -w : w;
                delays[k] = d;
            }
            long type = 100 + i;
            types.Add($"{type} static_synapse static_synapse.json");
            string source = cells[p.Source].Node, target = cells[p.Target].Node;
            edges[Unique(Safe(p.DisplayName), used)] = new H5Group
            {
                ["source_node_id"] = new H5Dataset(synapses.Select(s => (ulong)s.Source).ToArray()) { Attributes = new() { ["node_population"] = source } },
                ["target_node_id"] = new H5Dataset(synapses.Select(s => (ulong)s.Target).ToArray()) { Attributes = new() { ["node_population"] = target } },
                ["edge_type_id"] = Enumerable.Repeat((uint)type, synapses.Count).ToArray(),
                ["edge_group_id"] = new uint[synapses.Count],
                ["edge_group_index"] = Enumerable.Range(0, synapses.Count).Select(k => (ulong)k).ToArray(),
                ["0"] = new H5Group { ["syn_weight"] = weights, ["delay"] = delays },
            };
        }
        return (new H5File { ["edges"] = edges }, types);
    }

    /// <summary>Spike sources' trains in one SONATA spike file; the reader places a time t at t - dt (NEST's generator), so t + dt is written.</summary>
    private static List<(string Name, string Json)> WriteSpikes(string dir, List<Cell> cells, double dt)
    {
        var spikes = new H5Group();
        var inputs = new List<(string, string)>();
        foreach (var cell in cells)
        {
            if (cell.Population.Model is not SpikeTimesSourceSpec s || s.TimesMs.Count == 0) continue;
            var times = s.TimesMs.Select(t => t == 0 ? 0 : Solve(t, t + dt, x => x - dt)).ToArray();
            spikes[cell.Node] = new H5Group
            {
                ["timestamps"] = times,
                ["node_ids"] = s.Indices.Select(i => (ulong)i).ToArray(),
            };
            inputs.Add(($"{cell.Node}_spikes", $$"""{ "input_type": "spikes", "module": "sonata", "input_file": "$INPUT_DIR/spikes.h5", "node_set": "{{cell.Node}}" }"""));
        }
        if (inputs.Count > 0)
        {
            Directory.CreateDirectory(Path.Combine(dir, "inputs"));
            H5(Path.Combine(dir, "inputs", "spikes.h5"), new H5File { ["spikes"] = spikes });
        }
        return inputs;
    }

    private static void WriteConfig(string path, NetworkSpec spec, List<(string Name, string Json)> clamps, List<(string Name, string Json)> spikes)
    {
        var sb = new StringBuilder();
        sb.Append("""
            {
              "manifest": {
                "$BASE_DIR": "${configdir}",
                "$NETWORK_DIR": "$BASE_DIR/network",
                "$COMPONENTS_DIR": "$BASE_DIR/components",
                "$INPUT_DIR": "$BASE_DIR/inputs"
              },
              "components": {
                "point_neuron_models_dir": "$COMPONENTS_DIR/point_neuron_models",
                "synaptic_models_dir": "$COMPONENTS_DIR/synaptic_models"
              },
              "networks": {
                "nodes": [ { "nodes_file": "$NETWORK_DIR/nodes.h5", "node_types_file": "$NETWORK_DIR/node_types.csv" } ],
                "edges": [ { "edges_file": "$NETWORK_DIR/edges.h5", "edge_types_file": "$NETWORK_DIR/edge_types.csv" } ]
              },

            """);
        sb.Append("  \"run\": { \"dt\": ").Append(Num(spec.DtMs));
        if (spec.DurationMs is { } t) sb.Append(", \"tstop\": ").Append(Num(t));
        sb.Append(" },\n  \"inputs\": {");
        var all = spikes.Concat(clamps).ToList();
        for (int k = 0; k < all.Count; k++) sb.Append(k == 0 ? "\n" : ",\n").Append("    \"").Append(all[k].Name).Append("\": ").Append(all[k].Json);
        sb.Append(all.Count > 0 ? "\n  }\n}\n" : "}\n}\n");
        // Checked as JSON before it is written.
        using (JsonDocument.Parse(sb.ToString())) { }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static void H5(string path, H5File file)
    {
        // PureHDF seeks back over what it wrote, which AtomicFile's stream does not allow: write to memory first.
        using var buffer = new MemoryStream();
        file.Write(buffer);
        AtomicFile.WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static string ObjectJson(Dictionary<string, double> values) =>
        "{\n" + string.Join(",\n", values.Select(kv => $"  \"{kv.Key}\": {Num(kv.Value)}")) + "\n}\n";

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An HDF5 group name from a network name: letters, digits, '_' and '-' (others become '_').</summary>
    private static string Safe(string name)
    {
        var b = new StringBuilder(name.Length);
        foreach (char c in name) b.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        return b.Length == 0 ? "_" : b.ToString();
    }

    private static string Unique(string name, HashSet<string> used)
    {
        string candidate = name;
        for (int k = 2; !used.Add(candidate); k++) candidate = $"{name}_{k}";
        return candidate;
    }
}
