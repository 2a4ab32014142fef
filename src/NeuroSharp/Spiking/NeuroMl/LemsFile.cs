using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>One column of a LEMS <c>&lt;OutputFile&gt;</c>: a state variable of one cell, written in SI units.</summary>
/// <param name="Id">The OutputColumn's id.</param>
/// <param name="Population">The population.</param>
/// <param name="Index">The cell's index in it.</param>
/// <param name="Variable">The engine's variable (v, u, w).</param>
/// <param name="ToSi">The factor from the engine's unit to SI (1e-3 for mV to V, 1e-12 for pA to A, 1 for none).</param>
public sealed record LemsOutputColumn(string Id, string Population, int Index, string Variable, double ToSi)
{
    /// <summary>Further engine variables of the same cell added to <see cref="Variable"/> before <see cref="ToSi"/> (a gateFractional's channels for fopen); null: none.</summary>
    public IReadOnlyList<string>? Plus { get; init; }

    /// <summary>The engine variables the column reads: <see cref="Variable"/> and <see cref="Plus"/>.</summary>
    public IEnumerable<string> Variables => Plus is null ? [Variable] : [Variable, .. Plus];

    /// <summary>c302's activity trace, computed from <see cref="Variable"/> (v, mV) as the file is written; null for a plain variable.</summary>
    public LemsActivity? Activity { get; init; }
}

/// <summary>
/// c302's iafActivityCell activity (cell_B.xml): target = (v - reset) / (thresh - reset), d activity/dt = (target - activity) / tau1,
/// set to 0 when below 0 (<see cref="ClipsAtZero"/>), starting at 0. It does not act on v, so it is stepped by forward Euler (as jLEMS)
/// from the recorded v.
/// </summary>
/// <param name="TauMs">tau1 in ms.</param>
/// <param name="ResetMv">The cell's reset.</param>
/// <param name="ThresholdMv">The cell's thresh.</param>
public sealed record LemsActivity(double TauMs, double ResetMv, double ThresholdMv)
{
    /// <summary>True where the type sets activity to 0 when it falls below 0 (c302's cell_B.xml does).</summary>
    public bool ClipsAtZero { get; init; }
}

/// <summary>A LEMS <c>&lt;OutputFile&gt;</c>: time (s) and then each column, one row per step, tab-separated as jnml writes it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="FileName">The file name as written in the LEMS file (relative to the LEMS file's folder unless absolute).</param>
/// <param name="Columns">Its columns after the time.</param>
public sealed record LemsOutputFile(string Id, string FileName, IReadOnlyList<LemsOutputColumn> Columns);

/// <summary>One <c>&lt;EventSelection&gt;</c>: the spikes of one cell, written under the selection's id.</summary>
/// <param name="Id">The id written in the file.</param>
/// <param name="Population">The population.</param>
/// <param name="Index">The cell's index in it.</param>
public sealed record LemsEventSelection(string Id, string Population, int Index);

/// <summary>A LEMS <c>&lt;EventOutputFile&gt;</c>: one line per spike, "id TAB time" (ID_TIME) or "time TAB id" (TIME_ID), time in s.</summary>
/// <param name="Id">Its id.</param>
/// <param name="FileName">The file name as written in the LEMS file.</param>
/// <param name="TimeFirst">True for TIME_ID.</param>
/// <param name="Selections">The cells whose spikes it holds.</param>
public sealed record LemsEventFile(string Id, string FileName, bool TimeFirst, IReadOnlyList<LemsEventSelection> Selections);

/// <summary>
/// A LEMS simulation file as NeuroSharp runs it: the network its <c>&lt;Simulation&gt;</c> targets (with the run's length and
/// step as its durationMs and dtMs, and the monitors its output files need) and the files to write.
/// </summary>
/// <param name="Path">The LEMS file.</param>
/// <param name="SimulationId">The Simulation's id.</param>
/// <param name="Network">The validated network, with dtMs = step, durationMs = length and the monitors the outputs need.</param>
/// <param name="OutputFiles">The OutputFiles.</param>
/// <param name="EventFiles">The EventOutputFiles.</param>
public sealed record LemsSimulation(string Path, string SimulationId, NetworkSpec Network, IReadOnlyList<LemsOutputFile> OutputFiles, IReadOnlyList<LemsEventFile> EventFiles);

/// <summary>
/// LEMS simulation files (a root <c>&lt;Lems&gt;</c>, as <c>jnml LEMS_x.xml</c> runs them): the Target, the Simulation's length,
/// step and target network, the NeuroML it holds or includes, and its OutputFile and EventOutputFile recordings
/// (docs/neuroml.md, "LEMS simulation files").
/// </summary>
public static partial class LemsFile
{
    /// <summary>True for a file whose root element is &lt;Lems&gt;, whatever its name.</summary>
    /// <param name="path">A file path.</param>
    /// <returns>Whether it is a LEMS file.</returns>
    public static bool IsLems(string path) => NeuroMlSource.RootOf(path) == "Lems";

    /// <summary>Loads a LEMS simulation file, the NeuroML it includes, and what its Simulation records.</summary>
    /// <param name="path">The LEMS file.</param>
    /// <param name="budget">The memory limit for the parsed XML.</param>
    /// <param name="durationMs">The run's length instead of the Simulation's (--duration-ms): spikeGenerators list their spikes up to it.</param>
    /// <param name="dtMs">The step instead of the Simulation's (--dt-ms): spikeArrays and spikeGenerators place their spikes on it.</param>
    /// <returns>The simulation.</returns>
    /// <exception cref="InvalidInputException">A problem in a file; the message names the file, line, position and element path.</exception>
    public static LemsSimulation Load(string path, MemoryBudget? budget = null, double? durationMs = null, double? dtMs = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var source = NeuroMlSource.Load(path, budget ?? MemoryBudget.Default);
        var (file, root) = source.Documents[0];
        if (root.Name.LocalName != "Lems")
            throw new InvalidInputException($"{NeuroMlSource.At(file, root)}: the root element is <{root.Name.LocalName}>, not <Lems>; this is not a LEMS simulation file.");
        var target = root.Elements().Where(e => e.Name.LocalName == "Target").ToList();
        if (target.Count == 0)
            throw new InvalidInputException($"{file}: the LEMS file has no <Target component=\"...\"/>, which names the <Simulation> to run.");
        if (target.Count > 1)
            throw Fail(file, target[1], "is a second <Target>; a LEMS file runs one Simulation.");
        string simId = Text(file, target[0], "component");
        // <Component type="Simulation" ...> is the same element in LEMS's generic form (NeuroML2's LEMSexamples/morphologies write it so).
        var simulations = root.Elements().Where(e => e.Name.LocalName == "Simulation" || (e.Name.LocalName == "Component" && (string?)e.Attribute("type") == "Simulation")).ToList();
        var sim = simulations.FirstOrDefault(s => (string?)s.Attribute("id") == simId)
            ?? throw Fail(file, target[0], $"@component is '{simId}', which names no <Simulation> of the file ({(simulations.Count == 0 ? "it has none" : "simulations: " + string.Join(", ", simulations.Select(s => (string?)s.Attribute("id"))))}).");
        foreach (var a in sim.Attributes())
        {
            if (a.IsNamespaceDeclaration) continue;
            if (a.Name.LocalName is not ("id" or "length" or "step" or "target" or "seed" or "reportFile") && !(a.Name.LocalName == "type" && sim.Name.LocalName == "Component"))
                throw Fail(file, sim, $"has the attribute {a.Name.LocalName}=\"{a.Value}\", which a LEMS Simulation does not have (id, length, step, target, seed).");
        }
        double length = Time(file, sim, "length");
        double step = Time(file, sim, "step");
        string networkId = Text(file, sim, "target");

        length = durationMs ?? length;
        step = dtMs ?? step;
        var instances = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        var recordables = new Dictionary<string, IReadOnlyDictionary<string, NeuroMlRecordable>>(StringComparer.Ordinal);
        var spec = NeuroMlReader.Read(source, networkId, sim, step, length, instances, recordables);
        var populations = spec.Populations.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var outputs = new List<LemsOutputFile>();
        var events = new List<LemsEventFile>();
        foreach (var e in sim.Elements())
        {
            switch (e.Name.LocalName)
            {
                case "Display" or "Meta" or "notes" or "annotation":
                    break; // no window: Displays are not drawn and not recorded (their quantities may be ones NeuroSharp does not keep)
                case "OutputFile":
                    outputs.Add(new LemsOutputFile(Text(file, e, "id"), FileName(file, e), [.. e.Elements().Select(c => Column(file, c, networkId, spec, populations, instances, recordables))]));
                    break;
                case "EventOutputFile":
                    string format = (string?)e.Attribute("format") ?? "TIME_ID";
                    if (format is not ("TIME_ID" or "ID_TIME"))
                        throw Fail(file, e, $"@format is '{format}'; a LEMS event file is TIME_ID or ID_TIME.");
                    events.Add(new LemsEventFile(Text(file, e, "id"), FileName(file, e), format == "TIME_ID", [.. e.Elements().Select(c => Selection(file, c, networkId, populations, instances))]));
                    break;
                default:
                    throw Fail(file, e, $"is <{e.Name.LocalName}>, which NeuroSharp does not run (a Simulation's children it reads: Display (ignored), OutputFile, EventOutputFile; docs/neuroml.md).");
            }
        }

        // Monitors: the default (every population's spikes) stays, state monitors hold the columns' cells.
        var monitors = new List<MonitorSpec>(spec.Monitors);
        if (monitors.Count == 0) monitors.AddRange(spec.Populations.Select(p => new SpikeMonitorSpec { Target = p.Name }));
        foreach (var group in outputs.SelectMany(o => o.Columns).GroupBy(c => c.Population))
        {
            monitors.Add(new StateMonitorSpec
            {
                Target = group.Key, Variables = [.. group.SelectMany(c => c.Variables).Distinct().Order(StringComparer.Ordinal)],
                Indices = [.. group.Select(c => c.Index).Distinct().Order()],
            });
        }
        var network = spec with { DtMs = step, DurationMs = length, Monitors = monitors };
        try
        {
            network.Validate();
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{path}: the network it describes is invalid: {e.Message}", e);
        }
        return new LemsSimulation(path, simId, network, outputs, events);
    }

    private static LemsOutputColumn Column(string file, XElement c, string networkId, NetworkSpec network, Dictionary<string, PopulationSpec> populations, Dictionary<string, IReadOnlyDictionary<string, int>> instances,
        Dictionary<string, IReadOnlyDictionary<string, NeuroMlRecordable>> recordables)
    {
        if (c.Name.LocalName != "OutputColumn") throw Fail(file, c, $"is <{c.Name.LocalName}>; an OutputFile holds OutputColumns.");
        string quantity = Text(file, c, "quantity");
        if (SynapsePath().Match(quantity) is { Success: true } synapse) return SynapseColumn(file, c, quantity, synapse, networkId, network, populations, instances, recordables);
        if (OpenPath().Match(quantity) is { Success: true } open) return OpenColumn(file, c, quantity, open, networkId, populations, instances, recordables);
        if (GatePath().Match(quantity) is { Success: true } gate) return GateColumn(file, c, quantity, gate, networkId, populations, instances);
        if (DensityPath().Match(quantity) is { Success: true } density) return DensityColumn(file, c, quantity, density, networkId, populations, instances);
        if (SegmentPath().Match(quantity) is { Success: true } segment
            && populations.TryGetValue(segment.Groups["pop"].Value, out var multi) && multi.Model is HodgkinHuxleyNeuronSpec { Morphology: { } morphology })
        {
            // pop/0/cell/SEGMENT/v: v of that segment's compartment (NeuroMlReader.Morphology.cs), v[SEGMENT] in the engine; caConc
            // likewise (caConc[SEGMENT], mM = mol/m^3) where the cell has ca pools (a compartment outside them holds its start).
            string id = segment.Groups["seg"].Value;
            bool conc = segment.Groups["var"].Value == "caConc";
            if (conc && !((HodgkinHuxleyNeuronSpec)multi.Model).Pools.Any(p => p.Ion == "ca"))
                throw Fail(file, c, $"@quantity is '{quantity}', but population '{multi.Name}' has no <species ion=\"ca\"> with a concentration model, so no caConc.");
            if (morphology.IndexOf(id) < 0)
                throw Fail(file, c, $"@quantity is '{quantity}', but '{id}' is not a segment of population '{multi.Name}' ({string.Join(", ", morphology.Compartments.Select(x => x.Name))}).");
            var (onPopulation, at) = CellOf(file, c, "quantity", quantity, segment, networkId, populations, instances);
            return new LemsOutputColumn(Text(file, c, "id"), onPopulation.Name, at, conc ? $"caConc[{id}]" : $"v[{id}]", conc ? 1 : 1e-3);
        }
        var m = QuantityPath().Match(quantity);
        if (!m.Success)
            throw Fail(file, c, $"@quantity is '{quantity}', not a cell's variable such as pop[0]/v or pop/0/cell/v (NeuroSharp records cells' variables).");
        var (population, index) = CellOf(file, c, "quantity", quantity, m, networkId, populations, instances);
        string name = m.Groups["var"].Value;
        if (recordables.TryGetValue(population.Name, out var recorded))
        {
            if (recorded.TryGetValue(name, out var r))
                return new LemsOutputColumn(Text(file, c, "id"), population.Name, index, r.Variable, r.ToSi) { Activity = r.Activity };
            if (population.Model is EquationsNeuronSpec || recorded.Values.Any(x => x.Activity is not null))
                throw Fail(file, c, $"@quantity is '{quantity}', but population '{population.Name}' is a cell whose recorded variables are {string.Join(", ", recorded.Keys)}.");
        }
        (string Variable, double ToSi)? variable = (population.Model, name) switch
        {
            (PoissonSourceSpec or SpikeTimesSourceSpec, _) => null,
            (_, "v") => ("v", 1e-3),
            (IzhikevichNeuronSpec, "U") => ("u", 1),
            (Izhikevich2007NeuronSpec, "u") => ("u", 1e-12),
            (AdExNeuronSpec, "w") => ("w", 1e-12),
            // mM is mol/m^3, SI already.
            (HodgkinHuxleyNeuronSpec hh, "caConc") when hh.Pools.Any(p => p.Ion == "ca") => ("caConc", 1),
            _ => null,
        };
        if (variable is not { } v)
        {
            string has = population.Model switch
            {
                PoissonSourceSpec or SpikeTimesSourceSpec => "a spike source, which has no state to record",
                IzhikevichNeuronSpec => "an izhikevichCell, whose recorded variables are v and U",
                Izhikevich2007NeuronSpec => "an izhikevich2007Cell, whose recorded variables are v and u",
                AdExNeuronSpec => "an adExIaFCell, whose recorded variables are v and w",
                HodgkinHuxleyNeuronSpec hh => "a conductance-based cell, whose recorded variables are v, its gates' q (pop[0]/biophys/membraneProperties/CHANNELDENSITY/CHANNEL/GATE/q)"
                    + (hh.Pools.Any(p => p.Ion == "ca") ? " and caConc" : " and caConc where the cell has a <species ion=\"ca\"> with a concentration model"),
                _ => "a cell whose recorded variable is v",
            };
            throw Fail(file, c, $"@quantity is '{quantity}', but population '{population.Name}' is {has}.");
        }
        return new LemsOutputColumn(Text(file, c, "id"), population.Name, index, v.Variable, v.ToSi);
    }

    /// <summary>
    /// A synapse's variable on a cell, <c>pop[0]/synapses:SYN:K/g</c> (S) or <c>.../blockFactor</c> (<c>.../BLOCK/blockFactor</c>): the
    /// engine's port or channel that SYN feeds (a blocked port's PORT_g = B(v) g_p and PORT_block = B(v)). jLEMS keeps one instance per
    /// connection, the engine one conductance per kind, so it is taken where exactly one connection feeds that conductance of the cell
    /// (K = 0).
    /// </summary>
    private static LemsOutputColumn SynapseColumn(string file, XElement c, string quantity, Match m, string networkId, NetworkSpec network, Dictionary<string, PopulationSpec> populations,
        Dictionary<string, IReadOnlyDictionary<string, int>> instances, Dictionary<string, IReadOnlyDictionary<string, NeuroMlRecordable>> recordables)
    {
        var (population, index) = CellOf(file, c, "quantity", quantity, m, networkId, populations, instances);
        string synapse = m.Groups["syn"].Value, what = m.Groups["what"].Value;
        var known = recordables.TryGetValue(population.Name, out var r) ? r.Where(x => x.Value.Channel is not null).ToList() : [];
        var mine = known.Where(x => x.Key.StartsWith($"synapses:{synapse}/", StringComparison.Ordinal)).Select(x => x.Key[$"synapses:{synapse}/".Length..]).ToList();
        if (mine.Count == 0)
        {
            throw Fail(file, c, $"@quantity is '{quantity}', but no conductance synapse '{synapse}' reaches population '{population.Name}'"
                + (known.Count == 0 ? " (NeuroSharp records the g of conductance synapses onto iafCell, izhikevich2007Cell and conductance-based cells)." : $" (its synapses: {string.Join(", ", known.Select(x => x.Key.Split('/')[0]["synapses:".Length..]).Distinct())})."));
        }
        if (!r!.TryGetValue($"synapses:{synapse}/{what}", out var recordable))
            throw Fail(file, c, $"@quantity is '{quantity}'; NeuroSharp records synapse '{synapse}' on a cell as {string.Join(", ", mine.Select(x => $"synapses:{synapse}:0/{x}"))}.");
        var (port, receptor) = recordable.Channel!.Value;
        int feeds = 0;
        foreach (var p in network.Projections.Where(p => p.Target == population.Name && (port > 0 ? p.Port == port : p.Receptor == receptor)))
            feeds += p.Connectivity is ExplicitConnectivity e ? e.Targets.Count(t => t == index) : 2;
        foreach (var i in network.Inputs.OfType<PoissonInputSpec>().Where(i => i.Target == population.Name && (port > 0 ? i.Port == port : i.Receptor == receptor)))
            feeds += i.Indices is null ? 1 : i.Indices.Count(t => t == index);
        int k = int.Parse(m.Groups["k"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        if (feeds == 0 || k > 0)
            throw Fail(file, c, $"@quantity is '{quantity}', but cell {index} of population '{population.Name}' has {(feeds == 0 ? "no" : "one")} connection of that kind of synapse{(feeds == 0 ? "" : $", so no instance {k}")}.");
        if (feeds > 1)
            throw Fail(file, c, $"@quantity is '{quantity}', but cell {index} of population '{population.Name}' receives {feeds} connections onto the conductance that synapse '{synapse}' feeds; jLEMS records each connection's instance, NeuroSharp one conductance per kind of synapse (their sum), so it records a synapse's g where one connection feeds it.");
        return new LemsOutputColumn(Text(file, c, "id"), population.Name, index, recordable.Variable, recordable.ToSi);
    }

    /// <summary>
    /// A channel's fopen (dimensionless) or g (S) on a conductance-based cell, <c>pop[0]/biophys/membraneProperties/CHANNEL/ION_CHANNEL/fopen</c>:
    /// the sum of its engine channels' CHANNEL_g (one, or one per subGate of a gateFractional) over its nominal conductance, or in S.
    /// </summary>
    private static LemsOutputColumn OpenColumn(string file, XElement c, string quantity, Match m, string networkId, Dictionary<string, PopulationSpec> populations,
        Dictionary<string, IReadOnlyDictionary<string, int>> instances, Dictionary<string, IReadOnlyDictionary<string, NeuroMlRecordable>> recordables)
    {
        var (population, index) = CellOf(file, c, "quantity", quantity, m, networkId, populations, instances);
        string channel = m.Groups["channel"].Value, what = m.Groups["what"].Value;
        if (population.Model is not HodgkinHuxleyNeuronSpec)
            throw Fail(file, c, $"@quantity is '{quantity}', a channel's {what}, but population '{population.Name}' is not a conductance-based <cell>.");
        if (!recordables.TryGetValue(population.Name, out var r) || !r.TryGetValue($"{channel}/{what}", out var recordable))
        {
            var known = r?.Keys.Where(x => x.EndsWith("/fopen", StringComparison.Ordinal)).Select(x => x[..^"/fopen".Length]).ToList() ?? [];
            throw Fail(file, c, $"@quantity is '{quantity}', but the cell of population '{population.Name}' has no gated channelDensity or channelPopulation '{channel}' with a fixed erev, whose fopen and g NeuroSharp records ({(known.Count == 0 ? "it has none" : "its: " + string.Join(", ", known))}).");
        }
        return new LemsOutputColumn(Text(file, c, "id"), population.Name, index, recordable.Variable, recordable.ToSi) { Plus = recordable.Plus };
    }

    /// <summary>
    /// A gate's state of a conductance-based cell, <c>pop[0]/bioPhys/membraneProperties/naChans/naChan/m/q</c>: the engine's variable
    /// <c>naChans_m</c> (channel, as the cell's channelDensity or channelPopulation id, and gate), dimensionless.
    /// </summary>
    private static LemsOutputColumn GateColumn(string file, XElement c, string quantity, Match m, string networkId, Dictionary<string, PopulationSpec> populations,
        Dictionary<string, IReadOnlyDictionary<string, int>> instances)
    {
        var (population, index) = CellOf(file, c, "quantity", quantity, m, networkId, populations, instances);
        if (population.Model is not HodgkinHuxleyNeuronSpec hh)
            throw Fail(file, c, $"@quantity is '{quantity}', a gate of a cell's channel, but population '{population.Name}' is not a conductance-based <cell>.");
        string channel = m.Groups["channel"].Value, gate = m.Groups["gate"].Value;
        var spec = hh.Channels.FirstOrDefault(x => x.Name == channel)
            ?? throw Fail(file, c, $"@quantity is '{quantity}', but the cell of population '{population.Name}' has no channel '{channel}' (channels: {string.Join(", ", hh.Channels.Select(x => x.Name))}).");
        if (!spec.Gates.Any(g => g.Name == gate))
            throw Fail(file, c, $"@quantity is '{quantity}', but channel '{channel}' has no gate '{gate}' ({(spec.Gates.Count == 0 ? "it has none" : "gates: " + string.Join(", ", spec.Gates.Select(g => g.Name)))}).");
        return new LemsOutputColumn(Text(file, c, "id"), population.Name, index, $"{channel}_{gate}", 1);
    }

    /// <summary>
    /// A channel's current or conductance density, <c>pop/0/cell/biophys/membraneProperties/ca_all/iDensity</c> (or gDensity): the
    /// engine's variable <c>ca_all_i</c> (pA, inward positive, as NeuroML's iDensity) over the cell's area, in A/m^2 (pA/um^2), or
    /// <c>ca_all_g</c> (nS) over the area, in S/m^2 (1 nS/um^2 = 1000 S/m^2), for a gated or pooled channel of a cell with a calcium
    /// pool (whose area the pool holds).
    /// </summary>
    private static LemsOutputColumn DensityColumn(string file, XElement c, string quantity, Match m, string networkId, Dictionary<string, PopulationSpec> populations,
        Dictionary<string, IReadOnlyDictionary<string, int>> instances)
    {
        var (population, index) = CellOf(file, c, "quantity", quantity, m, networkId, populations, instances);
        string channel = m.Groups["channel"].Value;
        bool current = m.Groups["what"].Value == "iDensity";
        string variable = channel + (current ? "_i" : "_g");
        if (population.Model is not HodgkinHuxleyNeuronSpec hh || hh.Concentrations.Count == 0
            || !NeuronModels.StateVariables(hh).Contains(variable))
        {
            throw Fail(file, c, $"@quantity is '{quantity}', a channel's {(current ? "current" : "conductance")} density; NeuroSharp records it for the channels with gates, a pool or a Nernst/GHK reversal{(current ? "" : " (not GHK)")} of a cell with a calcium pool, and population '{population.Name}' has no such channel '{channel}'.");
        }
        return new LemsOutputColumn(Text(file, c, "id"), population.Name, index, variable, (current ? 1 : 1000) / hh.Concentrations[0].AreaUm2);
    }

    private static LemsEventSelection Selection(string file, XElement s, string networkId, Dictionary<string, PopulationSpec> populations, Dictionary<string, IReadOnlyDictionary<string, int>> instances)
    {
        if (s.Name.LocalName != "EventSelection") throw Fail(file, s, $"is <{s.Name.LocalName}>; an EventOutputFile holds EventSelections.");
        string select = Text(file, s, "select");
        if ((string?)s.Attribute("eventPort") is { } port && port != "spike")
            throw Fail(file, s, $"@eventPort is '{port}'; NeuroSharp records a cell's spike port.");
        var m = CellPath().Match(select);
        if (!m.Success) throw Fail(file, s, $"@select is '{select}', not a cell such as pop[0] or pop/0/cell.");
        var (population, index) = CellOf(file, s, "select", select, m, networkId, populations, instances);
        return new LemsEventSelection(Text(file, s, "id"), population.Name, index);
    }

    /// <summary>
    /// The cell that <c>pop[i]</c> (the i-th cell) or <c>pop/ID/cell</c> names: for a population of <c>&lt;instance&gt;</c>s ID is an
    /// instance id, mapped to its position (and refused when no instance has it); otherwise it is the index.
    /// </summary>
    private static (PopulationSpec Population, int Index) CellOf(string file, XElement e, string attribute, string text, Match m, string networkId, Dictionary<string, PopulationSpec> populations,
        Dictionary<string, IReadOnlyDictionary<string, int>> instances)
    {
        string name = m.Groups["pop"].Value;
        if (!populations.TryGetValue(name, out var population))
            throw Fail(file, e, $"@{attribute} is '{text}', but network '{networkId}' has no population '{name}' (populations: {string.Join(", ", populations.Keys)}).");
        if (text[name.Length] == '/' && instances.TryGetValue(name, out var ids))
        {
            string id = m.Groups["i"].Value;
            if (ids.TryGetValue(id, out int position)) return (population, position);
            var known = ids.Keys.Take(10).ToList();
            throw Fail(file, e, $"@{attribute} is '{text}', but population '{name}' has no instance with id {id} (its instance ids: {string.Join(", ", known)}{(ids.Count > known.Count ? ", ..." : "")}).");
        }
        if (!int.TryParse(m.Groups["i"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= population.Count)
            throw Fail(file, e, $"@{attribute} is '{text}', but population '{name}' has {population.Count} cell{(population.Count == 1 ? "" : "s")} (0 to {population.Count - 1}).");
        return (population, index);
    }

    private static string FileName(string file, XElement e)
    {
        string name = Text(file, e, "fileName");
        return (string?)e.Attribute("path") is { Length: > 0 } folder ? System.IO.Path.Combine(folder, name) : name;
    }

    private static double Time(string file, XElement e, string attribute)
    {
        string text = Text(file, e, attribute);
        if (NeuroMlUnits.TryParse(text, NeuroMlDimension.Time, out double ms) is { } problem)
            throw Fail(file, e, $"@{attribute} is '{text}', {problem}.");
        return ms > 0 && double.IsFinite(ms) ? ms : throw Fail(file, e, $"@{attribute} is '{text}'; it must be above 0.");
    }

    private static string Text(string file, XElement e, string attribute) =>
        (string?)e.Attribute(attribute) is { Length: > 0 } v ? v : throw Fail(file, e, $"has no {attribute} attribute.");

    private static InvalidInputException Fail(string file, XElement e, string message) =>
        new($"{NeuroMlSource.At(file, e)}: {NeuroMlSource.PathOf(e)} {message}");

    /// <summary>v of one segment of a multi-compartment cell: <c>pop/0/cell/SEGMENT/v</c>.</summary>
    [GeneratedRegex(@"^(?<pop>[^/\[\]]+)/(?<i>\d+)/[^/\[\]]+/(?<seg>[^/\[\]]+)/(?<var>v|caConc)$")]
    private static partial Regex SegmentPath();

    /// <summary>pop[0]/v or pop/0/cell/v.</summary>
    [GeneratedRegex(@"^(?<pop>[^/\[\]]+)(\[(?<i>\d+)\]|/(?<i>\d+)/[^/\[\]]+)/(?<var>[^/\[\]]+)$")]
    private static partial Regex QuantityPath();

    /// <summary>pop[0]/biophys/membraneProperties/channelDensity/channel/gate/q, pop/0/cell/... or pop[0]/channelPopulation/channel/gate/q (a gate's state).</summary>
    [GeneratedRegex(@"^(?<pop>[^/\[\]]+)(\[(?<i>\d+)\]|/(?<i>\d+)/[^/\[\]]+)/([^/\[\]]+/membraneProperties/)?(?<channel>[^/\[\]]+)/[^/\[\]]+/(?<gate>[^/\[\]]+)/q$")]
    private static partial Regex GatePath();

    /// <summary>pop[0]/synapses:SYN:K/g, .../synapses:SYN:K/blockFactor or .../synapses:SYN:K/BLOCK/blockFactor (pop/0/cell/... as well).</summary>
    [GeneratedRegex(@"^(?<pop>[^/\[\]]+)(\[(?<i>\d+)\]|/(?<i>\d+)/[^/\[\]]+)/synapses:(?<syn>[^:/\[\]]+):(?<k>\d+)/(?<what>[^\[\]]+)$")]
    private static partial Regex SynapsePath();

    /// <summary>pop[0]/biophys/membraneProperties/channelDensity/channel/fopen (or /g), pop/0/cell/... or pop[0]/channelPopulation/channel/fopen.</summary>
    [GeneratedRegex(@"^(?<pop>[^/\[\]]+)(\[(?<i>\d+)\]|/(?<i>\d+)/[^/\[\]]+)/([^/\[\]]+/membraneProperties/)?(?<channel>[^/\[\]]+)/[^/\[\]]+/(?<what>fopen|g)$")]
    private static partial Regex OpenPath();

    /// <summary>pop[0], pop/0 or pop/0/cell.</summary>
    [GeneratedRegex(@"^(?<pop>[^/\[\]]+)(\[(?<i>\d+)\]|/(?<i>\d+)/[^/\[\]]+)/([^/\[\]]+/membraneProperties/)?(?<channel>[^/\[\]]+)/(?<what>iDensity|gDensity)$")]
    private static partial Regex DensityPath();

    [GeneratedRegex(@"^(?<pop>[^/\[\]]+)(\[(?<i>\d+)\]|/(?<i>\d+)(/[^/\[\]]+)?)$")]
    private static partial Regex CellPath();
}
