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
/// iaf_psc_exp/alpha/delta and conductance LIF as iaf_cond_exp/alpha with parameters chosen so that the reader's unit
/// conversions are the identity (C_m = tau_m, g_L = 1 nS), Izhikevich as izhikevich and AdEx as the aeif models with
/// weights divided by the reader's scales, spike sources as virtual nodes fed from a spike file, current inputs as I_e
/// or current clamps, and Poisson inputs as poisson_generator nodes. docs/sonata.md, "Writing SONATA".
/// </summary>
internal static class SonataWriter
{
    /// <summary>Bytes held per synapse while writing (ids, type, group, index, weight, delay).</summary>
    private const long BytesPerEdge = 56;

    /// <summary>
    /// One node population: its NEST template (null: virtual), parameters, how an engine weight becomes NEST's (the inverse of the
    /// reader's scale, exact), and what the reader subtracts from each delay onto it (dt for delta inputs).
    /// </summary>
    private sealed record Cell(PopulationSpec Population, string Node, long TypeId, string? Template, Dictionary<string, double> Parameters,
        Func<double, Receptor, double> NestWeight, double DelayShiftMs = 0, int PoissonSources = 0);

    /// <summary>Weights carry over as numbers (the parameters make the reader's scale 1).</summary>
    private static double Same(double w, Receptor _) => w;

    public static void Write(string path, NetworkSpec spec, ulong seed, MemoryBudget budget)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new InvalidInputException($"{path} already exists; NeuroSharp writes a SONATA circuit only to a new config (remove it or name another).");
        string dir = Path.GetDirectoryName(full)!;
        Refuse(spec);
        double dt = spec.DtMs;
        var cells = Cells(spec, dt);
        var byName = cells.ToDictionary(c => c.Population.Name, StringComparer.Ordinal);
        var (inputs, drives) = Inputs(spec, byName, cells, dt);

        // Everything that can be refused is checked before the first file is written.
        var (edges, edgeTypes) = Edges(spec, byName, drives, seed, dt, budget);
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
        if (spec.GradedProjections.Count > 0) throw new InvalidInputException("$.gradedProjections: SONATA export does not write graded synapses.");
        if (spec.Changes.Count > 0) throw new InvalidInputException($"$.changes: SONATA export does not write timed parameter changes ({spec.Changes.Count} here); remove them to export.");
        for (int i = 0; i < spec.Projections.Count; i++)
        {
            var p = spec.Projections[i];
            if (p.Release is not null)
                throw new InvalidInputException($"$.projections[{i}] ('{p.DisplayName}') has stochastic release (release.probability); SONATA export writes static synapses only.");
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
            // NEST starts every node of a type in one state: constant initial values only, of the variables NEST sets.
            string[] settable = p.Model switch { IzhikevichNeuronSpec => ["v", "u"], AdExNeuronSpec => ["v", "w"], _ => ["v"] };
            var initial = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, value) in p.Initial ?? new Dictionary<string, DistributionSpec>())
            {
                if (!settable.Contains(name) || value.Kind != DistributionKind.Constant)
                    throw new InvalidInputException($"{at} has initial values other than constant {string.Join(" and ", settable)}; SONATA export writes NEST's one start state per node type ({name} here).");
                initial[name] = value.Value;
            }
            double? v0 = initial.TryGetValue("v", out double v) ? v : null;
            switch (p.Model)
            {
                case SpikeTimesSourceSpec:
                    cells.Add(new Cell(p, node, type, null, [], Same));
                    break;
                case LifNeuronSpec { DeltaInputs: true }:
                    throw new InvalidInputException($"{at} has deltaInputs (v jumps by w at the start of the step, as Brian2's on_pre: v += w), which NEST's iaf_psc_delta adds after the step's decay instead of before; SONATA export writes lif populations with deltaInputs false.");
                case LifNeuronSpec { TauExcMs: 0, TauInhMs: 0 } m:
                    cells.Add(LifDelta(p, m, at, node, type, v0, dt));
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
                    cells.Add(new Cell(p, node, type, alpha ? "nest:iaf_psc_alpha" : "nest:iaf_psc_exp", q, Same));
                    break;
                }
                case ConductanceLifNeuronSpec m:
                {
                    if (m.AdaptiveThreshold is not null) throw new InvalidInputException($"{at} has an adaptive threshold, which NEST's iaf models lack.");
                    if (m.Ports.Count > 0) throw new InvalidInputException($"{at} has {m.Ports.Count} synaptic ports, which SONATA export does not write (NEST's iaf_cond models have two channels).");
                    bool alpha = Alpha(at, m.TauExcMs, m.RiseExcMs, m.TauInhMs, m.RiseInhMs);
                    // g_L = 1 nS and C_m = tau_m: conductances in units of g_L and currents / g_L carry over as numbers.
                    var q = new Dictionary<string, double>(StringComparer.Ordinal)
                    {
                        ["C_m"] = m.TauMs, ["g_L"] = 1, ["E_L"] = m.RestMv, ["V_reset"] = m.ResetMv, ["V_th"] = m.ThresholdMv,
                        ["t_ref"] = RefractoryOf(at, m.RefractoryMs, dt), ["tau_syn_ex"] = m.TauExcMs, ["tau_syn_in"] = m.TauInhMs,
                        ["E_ex"] = m.ExcReversalMv, ["E_in"] = m.InhReversalMv, ["V_m"] = v0 ?? m.RestMv,
                    };
                    cells.Add(new Cell(p, node, type, alpha ? "nest:iaf_cond_alpha" : "nest:iaf_cond_exp", q, Same));
                    break;
                }
                case IzhikevichNeuronSpec m:
                    cells.Add(Izhikevich(p, m, at, node, type, initial, dt));
                    break;
                case AdExNeuronSpec m:
                    cells.Add(AdEx(p, m, at, node, type, initial, dt));
                    break;
                default:
                    throw new InvalidInputException($"{at} is {NeuronModels.WithArticle(p.Model)} population; SONATA export writes lif, conductanceLif, izhikevich and adex (as NEST's iaf, izhikevich and aeif models) and spikeTimes sources (as virtual nodes).");
            }
        }
        return cells;
    }

    /// <summary>
    /// A LIF with one-step inputs is iaf_psc_delta: the reader makes a weight J mV into J / (1 - exp(-dt/tau_m)) and subtracts dt from
    /// each delay, so J = w (1 - exp(-dt/tau_m)) and the delay d + dt.
    /// </summary>
    private static Cell LifDelta(PopulationSpec p, LifNeuronSpec m, string at, string node, long type, double? v0, double dt)
    {
        if (m.AdaptiveThreshold is not null) throw new InvalidInputException($"{at} has an adaptive threshold, which NEST's iaf models lack.");
        if (m.RiseExcMs != 0 || m.RiseInhMs != 0) throw new InvalidInputException($"{at} has rise times with input time constants of 0; NEST's iaf_psc_delta has none.");
        var q = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["C_m"] = m.TauMs, ["tau_m"] = m.TauMs, ["E_L"] = m.RestMv, ["V_reset"] = m.ResetMv, ["V_th"] = m.ThresholdMv,
            ["t_ref"] = RefractoryOf(at, m.RefractoryMs, dt), ["V_m"] = v0 ?? m.RestMv,
        };
        double scale = 1 / (1 - Math.Exp(-dt / m.TauMs));
        return new Cell(p, node, type, "nest:iaf_psc_delta", q, (w, _) => Solve(w, w / scale, j => j * scale), dt);
    }

    /// <summary>
    /// izhikevich: NEST's inputs are jumps of v, the engine's inputs with time constant 0, which the reader scales by 1 / dt (and
    /// shortens the delay by dt). V_th is the cut-off; V_m and U_m the start (the engine's default: v = c, u = b v).
    /// </summary>
    private static Cell Izhikevich(PopulationSpec p, IzhikevichNeuronSpec m, string at, string node, long type, Dictionary<string, double> initial, double dt)
    {
        if (m.TauExcMs != 0 || m.TauInhMs != 0)
            throw new InvalidInputException($"{at} has input time constants ({Num(m.TauExcMs)}, {Num(m.TauInhMs)} ms); NEST's izhikevich takes jumps of v only: set tauExcMs and tauInhMs to 0 to export it.");
        double vm = initial.GetValueOrDefault("v", m.C);
        var q = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["a"] = m.A, ["b"] = m.B, ["c"] = m.C, ["d"] = m.D, ["V_th"] = m.PeakMv, ["V_m"] = vm, ["U_m"] = initial.GetValueOrDefault("u", m.B * vm),
        };
        double scale = 1 / dt;
        return new Cell(p, node, type, "nest:izhikevich", q, (w, _) => Solve(w, w * dt, j => j * scale), dt);
    }

    /// <summary>
    /// adex as NEST's aeif models: exponential inputs psc_exp (cond_exp with reversal potentials), alpha inputs psc_alpha (cond_alpha),
    /// one-step inputs psc_delta. The reader scales exponential and alpha weights by the step's charge (per channel) and delta weights
    /// by C / dt; the writer divides by the same numbers.
    /// </summary>
    private static Cell AdEx(PopulationSpec p, AdExNeuronSpec m, string at, string node, long type, Dictionary<string, double> initial, double dt)
    {
        bool delta = m.TauExcMs == 0 && m.TauInhMs == 0 && m.RiseExcMs == 0 && m.RiseInhMs == 0;
        if (delta && m.ConductanceInputs) throw new InvalidInputException($"{at} has conductance inputs with time constants of 0; NEST has no aeif_cond_delta.");
        bool alpha = !delta && Alpha(at, m.TauExcMs, m.RiseExcMs, m.TauInhMs, m.RiseInhMs);
        string template = delta ? "nest:aeif_psc_delta" : $"nest:aeif_{(m.ConductanceInputs ? "cond" : "psc")}_{(alpha ? "alpha" : "exp")}";
        // The reader maps t_ref 0 to refractoryMs 0: zero steps and one hold nothing beyond the crossing step.
        double tRef = m.RefractoryMs == 0 ? 0 : RefractoryOf(at, m.RefractoryMs, dt);
        var q = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["C_m"] = m.CapacitancePf, ["g_L"] = m.LeakNs, ["E_L"] = m.RestMv, ["V_th"] = m.ThresholdMv, ["Delta_T"] = m.SlopeMv, ["V_peak"] = m.PeakMv,
            ["V_reset"] = m.ResetMv, ["a"] = m.AdaptationNs, ["b"] = m.SpikeAdaptationPa, ["tau_w"] = m.TauWMs, ["t_ref"] = tRef,
            ["V_m"] = initial.GetValueOrDefault("v", m.RestMv), ["w"] = initial.GetValueOrDefault("w", 0),
        };
        if (delta)
        {
            double c = m.CapacitancePf, perStep = c / dt;
            return new Cell(p, node, type, template, q, (w, _) => Solve(w, w * dt / c, j => j * perStep), dt);
        }
        q["tau_syn_ex"] = m.TauExcMs;
        q["tau_syn_in"] = m.TauInhMs;
        if (m.ConductanceInputs)
        {
            q["E_ex"] = m.ExcReversalMv!.Value;
            q["E_in"] = m.InhReversalMv!.Value;
        }
        double ex = SonataModels.ChargeScale(m.TauExcMs, alpha, dt), inh = SonataModels.ChargeScale(m.TauInhMs, alpha, dt);
        return new Cell(p, node, type, template, q, (w, r) =>
        {
            double s = r == Receptor.Excitatory ? ex : inh;
            return Solve(w, w / s, j => j * s);
        });
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
    /// <summary>
    /// Current inputs: a constant one over a whole population and the whole run is I_e; others are current clamps (nA).
    /// Poisson inputs: a node population of one nest:poisson_generator each (added to <paramref name="all"/>), with its edges.
    /// </summary>
    private static (List<(string Name, string Json)> Clamps, List<(Cell Generator, PoissonInputSpec Input, string At)> Drives) Inputs(
        NetworkSpec spec, Dictionary<string, Cell> cells, List<Cell> all, double dt)
    {
        var clamps = new List<(string, string)>();
        var drives = new List<(Cell, PoissonInputSpec, string)>();
        var used = new HashSet<string>(all.Select(c => c.Node), StringComparer.Ordinal);
        for (int i = 0; i < spec.Inputs.Count; i++)
        {
            var input = spec.Inputs[i];
            string at = $"$.inputs[{i}]";
            if (input is PoissonInputSpec poisson)
            {
                if (cells[poisson.Target].Template is null) throw new InvalidInputException($"{at} drives '{poisson.Target}', a spike source, which receives no input.");
                if (poisson.StartMs != 0 || poisson.StopMs is not null)
                    throw new InvalidInputException($"{at} starts or stops mid-run (startMs {InvalidOptionException.Format(poisson.StartMs)}, stopMs {InvalidOptionException.Format(poisson.StopMs)}); SONATA export writes Poisson drives that last the whole run.");
                // NEST's generator of rate N r sends each target Poisson(N r dt) spikes per step, the superposition of N trains of rate r;
                // the poisson_sources column keeps N for the engine's N sources (Binomial(N, r dt)).
                int n = poisson.SourceCount;
                double rate = Solve(poisson.RateHz, poisson.RateHz * n, x => x / n);
                var generator = new Cell(new PopulationSpec { Name = poisson.Target, Count = 1, Model = new PoissonSourceSpec { RateHz = poisson.RateHz } },
                    Unique($"poisson_{i}", used), 100 + spec.Populations.Count + i, "nest:poisson_generator",
                    new Dictionary<string, double>(StringComparer.Ordinal) { ["rate"] = rate }, Same, 0, n);
                all.Add(generator);
                drives.Add((generator, poisson, at));
                continue;
            }
            if (input is not CurrentInputSpec c) throw new InvalidInputException($"{at} is a {input.GetType().Name}; SONATA export writes current and Poisson inputs only.");
            var cell = cells[c.Target];
            if (cell.Template is null) throw new InvalidInputException($"{at} drives '{c.Target}', a spike source, which has no current.");
            if (c.Waveform != CurrentWaveform.Constant || c.Baseline != 0)
                throw new InvalidInputException($"{at} is a {(c.Waveform == CurrentWaveform.Constant ? "current with a baseline" : Enum.GetName(c.Waveform)!.ToLowerInvariant() + " current")}; SONATA export writes constant current clamps only.");
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
        return (clamps, drives);
    }

    private static void WriteNodes(string dir, List<Cell> cells)
    {
        var nodes = new H5Group();
        bool sources = cells.Any(c => c.PoissonSources > 0);
        var types = new List<string> { "node_type_id model_type model_template dynamics_params" + (sources ? " poisson_sources" : "") };
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
            string extra = !sources ? "" : cell.PoissonSources > 0 ? $" {cell.PoissonSources}" : " NULL";
            if (cell.Template is null)
            {
                types.Add($"{cell.TypeId} virtual NULL NULL{extra}");
                continue;
            }
            string file = cell.Node + ".json";
            types.Add($"{cell.TypeId} point_neuron {cell.Template} {file}{extra}");
            AtomicFile.WriteAllText(Path.Combine(dir, "components", "point_neuron_models", file), ObjectJson(cell.Parameters));
        }
        H5(Path.Combine(dir, "network", "nodes.h5"), new H5File { ["nodes"] = nodes });
        AtomicFile.WriteAllText(Path.Combine(dir, "network", "node_types.csv"), string.Join('\n', types) + "\n");
    }

    private static (H5File File, List<string> Types) Edges(NetworkSpec spec, Dictionary<string, Cell> cells, List<(Cell Generator, PoissonInputSpec Input, string At)> drives,
        ulong seed, double dt, MemoryBudget budget)
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
            long type = 100 + i;
            types.Add($"{type} static_synapse static_synapse.json");
            edges[Unique(Safe(p.DisplayName), used)] = EdgePopulation(at, cells[p.Source], cells[p.Target], p.Receptor, synapses, type, dt);
        }
        for (int k = 0; k < drives.Count; k++)
        {
            var (generator, input, at) = drives[k];
            var target = cells[input.Target];
            var indices = input.Indices ?? [.. Enumerable.Range(0, target.Population.Count)];
            total += indices.Count;
            budget.Require($"SONATA export: {total} synapses", MemoryBudget.Times(total, BytesPerEdge));
            if (indices.Count == 0) continue;
            // NEST's generator needs a delay of at least one step; the reader starts the engine's drive at the first step whatever it is.
            var synapses = indices.Select(t => (0, t, input.Weight, Math.Max(0, dt - target.DelayShiftMs))).ToList();
            long type = 100 + spec.Projections.Count + k;
            types.Add($"{type} static_synapse static_synapse.json");
            edges[Unique(generator.Node, used)] = EdgePopulation(at, generator, target, input.Receptor, synapses, type, dt);
        }
        return (new H5File { ["edges"] = edges }, types);
    }

    /// <summary>One edge population listing every synapse, with NEST's weights (signed by the channel) and delays.</summary>
    private static H5Group EdgePopulation(string at, Cell source, Cell target, Receptor receptor, List<(int Source, int Target, double Weight, double DelayMs)> synapses, long type, double dt)
    {
        bool inhibitory = receptor == Receptor.Inhibitory;
        var weights = new double[synapses.Count];
        var delays = new double[synapses.Count];
        double shift = target.DelayShiftMs;
        for (int k = 0; k < synapses.Count; k++)
        {
            var (_, _, w, d) = synapses[k];
            // The reader subtracts the target's shift (dt onto one-step inputs) from the delay it reads.
            double nestDelay = shift == 0 ? d : Solve(d, d + shift, x => Math.Max(0, x - shift));
            if (!(nestDelay >= dt)) throw new InvalidInputException($"{at}: synapse {k} has delay {Num(d)} ms, below the step {Num(dt)} ms; NEST's smallest delay is one step.");
            if (w < 0 || (inhibitory && w == 0))
                throw new InvalidInputException($"{at}: synapse {k} has weight {Num(w)}; SONATA's sign of syn_weight picks the channel, so an inhibitory weight must be above 0 and an excitatory one at least 0.");
            double j = target.NestWeight(w, receptor);
            weights[k] = inhibitory ? -j : j;
            delays[k] = nestDelay;
        }
        return new H5Group
        {
            ["source_node_id"] = new H5Dataset(synapses.Select(s => (ulong)s.Source).ToArray()) { Attributes = new() { ["node_population"] = source.Node } },
            ["target_node_id"] = new H5Dataset(synapses.Select(s => (ulong)s.Target).ToArray()) { Attributes = new() { ["node_population"] = target.Node } },
            ["edge_type_id"] = Enumerable.Repeat((uint)type, synapses.Count).ToArray(),
            ["edge_group_id"] = new uint[synapses.Count],
            ["edge_group_index"] = Enumerable.Range(0, synapses.Count).Select(k => (ulong)k).ToArray(),
            ["0"] = new H5Group { ["syn_weight"] = weights, ["delay"] = delays },
        };
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
