using System.Globalization;
using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

internal sealed partial class NeuroMlReader
{
    /// <summary>Property tags the exporter writes so that a network comes back exactly (other simulators ignore them).</summary>
    internal const string KindTag = "neurosharp:kind", ColorTag = "neurosharp:color", XTag = "neurosharp:x", YTag = "neurosharp:y",
        ExcitatoryTag = "neurosharp:excitatorySynapse", InhibitoryTag = "neurosharp:inhibitorySynapse",
        PortsTag = "neurosharp:ports";

    /// <summary>A population as read: its cell, its instances' ids by index and the synapse channels that feed it.</summary>
    private sealed class Population(string name, int count, NeuroMlCell cell, XElement element)
    {
        public string Name { get; } = name;
        public int Count { get; } = count;
        public NeuroMlCell Cell { get; } = cell;
        public XElement Element { get; } = element;
        public Dictionary<string, int>? InstanceIndex { get; init; }
        public Dictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);
        public List<NeuroMlSynapse> Used { get; } = [];
        public NeuroMlSynapse? Excitatory { get; set; }
        public NeuroMlSynapse? Inhibitory { get; set; }

        /// <summary>An hh-, conductanceLif- or izhikevich2007-mapped cell's synaptic ports, one per kind of synapse (port k + 1 is Ports[k]); null: ge and gi.</summary>
        public List<NeuroMlSynapse>? Ports { get; set; }
    }

    private NetworkSpec Network(string file, XElement net)
    {
        _file = file;
        ReadTemperature(net);
        ReadTissueTemperature(net);
        var populations = new Dictionary<string, Population>(StringComparer.Ordinal);
        var ordered = new List<Population>();
        double dt = new NetworkSpec().DtMs;
        double? duration = null;
        foreach (var e in net.Elements())
        {
            switch (e.Name.LocalName)
            {
                case "property":
                    string tag = (string?)e.Attribute("tag") ?? "";
                    if (tag == "recommended_dt_ms") dt = PlainNumber(e);
                    else if (tag == "recommended_duration_ms") duration = PlainNumber(e);
                    break;
                case "population":
                    var p = ReadPopulation(e);
                    if (!populations.TryAdd(p.Name, p)) throw Fail(e, $"has id '{p.Name}', which another population uses.");
                    ordered.Add(p);
                    break;
                case "projection" or "electricalProjection" or "continuousProjection" or "inputList" or "explicitInput" or "synapticConnection" or "synapticConnectionWD" or "notes" or "annotation":
                    break;
                default:
                    throw Unsupported(e);
            }
        }

        // The channels first: which synapses feed each population decides its model.
        var chemical = net.Elements().Where(e => e.Name.LocalName == "projection").ToList();
        foreach (var e in chemical)
        {
            var target = PopulationOf(e, "postsynapticPopulation", populations);
            Use(target, SynapseOf(e, Text(e, "synapse")), e);
        }
        var single = net.Elements().Where(e => e.Name.LocalName is "synapticConnection" or "synapticConnectionWD").ToList();
        foreach (var e in single) Use(CellAt(e, "to", populations).Population, SynapseOf(e, Text(e, "synapse")), e);
        var inputLists = net.Elements().Where(e => e.Name.LocalName is "inputList" or "explicitInput").ToList();
        foreach (var e in inputLists)
        {
            var (target, component) = InputTarget(e, populations);
            if (_poissonInputs.TryGetValue(component, out var poisson))
            {
                var synapse = SynapseOf(e, poisson.SynapseId);
                if (synapse.Parts is not null)
                    throw Fail(e, $"feeds population '{target.Name}' by the Poisson input '{component}' through '{synapse.Id}', a {synapse.Kind} of two conductances that each spike raises together; NeuroSharp's Poisson input feeds one channel, and two inputs would draw two trains (a spike source population with a projection through it runs).");
                if (synapse.ShortTerm is not null)
                    throw Fail(e, $"feeds population '{target.Name}' by the Poisson input '{component}' through '{synapse.Id}', which has short-term plasticity; NeuroSharp's Poisson inputs have none (its projections do).");
                Use(target, synapse, e);
            }
            else if (_timedInputs.TryGetValue(component, out var timed)) Use(target, SynapseOf(e, timed.SynapseId), e);
        }
        foreach (var p in ordered) AssignChannels(p);
        if (_recordables is not null)
        {
            foreach (var p in ordered)
            {
                if (p.Cell.Recorded is { } recorded) _recordables[p.Name] = recorded;
            }
        }
        if (_instances is not null)
        {
            foreach (var p in ordered)
            {
                if (p.InstanceIndex is { } map) _instances[p.Name] = map;
            }
        }
        dt = _runDtMs ?? dt;
        duration = _runDurationMs ?? duration;

        var timedSources = new List<PopulationSpec>();
        var timedProjections = new List<ProjectionSpec>();
        TimedInputs(inputLists, populations, dt, timedSources, timedProjections);
        var spec = new NetworkSpec
        {
            Name = (string?)net.Attribute("id"),
            Description = Notes(net.Document!.Root!),
            DtMs = dt,
            DurationMs = duration,
            Populations = [.. ordered.Select(p => ToSpec(p, dt, duration)), .. timedSources],
            Projections = [.. chemical.SelectMany(e => ToProjection(e, populations)), .. single.SelectMany((e, k) => ToSynapticConnection(e, populations, k)), .. timedProjections],
            GapJunctions = [.. net.Elements().Where(e => e.Name.LocalName == "electricalProjection").Select(e => ToGapJunction(e, populations))],
            GradedProjections = [.. net.Elements().Where(e => e.Name.LocalName == "continuousProjection").SelectMany(e => ToGradedProjections(e, populations))],
            Inputs = [.. inputLists.SelectMany(e => ToInputs(e, populations, duration)), .. Offsets(ordered.Select(p => (p.Name, p.Cell)))],
        };
        AddOutputRecordables(ordered, spec.Populations);
        return spec;
    }

    private static string? Notes(XElement root) =>
        root.Elements().FirstOrDefault(e => e.Name.LocalName == "notes") is { } n && !string.IsNullOrWhiteSpace(n.Value) ? n.Value.Trim() : null;

    private double PlainNumber(XElement property)
    {
        string text = Text(property, "value");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw Fail(property, $"@value is '{text}', not a number.");
    }

    private Population ReadPopulation(XElement e)
    {
        string name = Id(e);
        string component = Text(e, "component");
        if (!TryGetCell(component, out var cell))
            throw Fail(e, _components.ContainsKey(component)
                ? $"has component '{component}', which is not a cell."
                : $"has component '{component}', which no loaded file defines.");
        var instances = e.Elements().Where(x => x.Name.LocalName == "instance").ToList();
        Dictionary<string, int>? index = null;
        int count;
        if (instances.Count > 0)
        {
            index = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var i in instances)
            {
                string id = (string?)i.Attribute("id") ?? throw Fail(i, "has no id.");
                if (!index.TryAdd(id, index.Count)) throw Fail(i, $"repeats instance id '{id}'.");
            }
            count = instances.Count;
            // A populationList's size is metadata to LEMS (Networks.xml: "not actually used by LEMS, the <instance> elements determine
            // the size"), so the instances win there, as jLEMS runs it (NeuroML2's Ex26 lists 9 instances under size 3); elsewhere a mismatch is refused.
            if (e.Attribute("size") is not null && (string?)e.Attribute("type") != "populationList" && (int)Quantity(e, "size", NeuroMlDimension.None) != count)
                throw Fail(e, $"has size {(string?)e.Attribute("size")} but {count} instances.");
        }
        else
        {
            double size = Quantity(e, "size", NeuroMlDimension.None);
            if (size < 1 || size != Math.Floor(size) || size > int.MaxValue) throw Fail(e, $"@size is '{(string?)e.Attribute("size")}'; it must be a whole number of at least 1.");
            count = (int)size;
        }
        var p = new Population(name, count, cell, e) { InstanceIndex = index };
        foreach (var x in e.Elements())
        {
            switch (x.Name.LocalName)
            {
                case "property":
                    p.Properties[Text(x, "tag")] = (string?)x.Attribute("value") ?? "";
                    break;
                case "instance" or "notes" or "annotation":
                    break;
                default:
                    throw Unsupported(x);
            }
        }
        return p;
    }

    private Population PopulationOf(XElement e, string attribute, Dictionary<string, Population> populations)
    {
        string name = Text(e, attribute);
        return populations.TryGetValue(name, out var p) ? p : throw Fail(e, $"@{attribute} is '{name}', which names no population of the network.");
    }

    private NeuroMlSynapse SynapseOf(XElement e, string id)
    {
        if (_synapses.TryGetValue(id, out var s)) return Resolved(s);
        if (_gapJunctions.ContainsKey(id)) throw Fail(e, $"uses the gapJunction '{id}' as a chemical synapse; put it on an <electricalProjection>.");
        throw Fail(e, _components.ContainsKey(id)
            ? $"uses '{id}' as a synapse, but it is a <{_components[id].Element.Name.LocalName}>, which NeuroSharp cannot use as one."
            : $"uses synapse '{id}', which no loaded file defines.");
    }

    private void Use(Population target, NeuroMlSynapse synapse, XElement where)
    {
        if (synapse.Parts is { } parts)
        {
            foreach (var part in parts) Use(target, part, where);
            return;
        }
        if (target.Cell.IsSource || target.Cell.TakesNoInput) throw Fail(where, $"feeds population '{target.Name}', a {target.Cell.Element}, which receives no input.");
        CheckCurrentSynapseTarget(target, synapse, where);
        if (!target.Cell.HasChannels)
            throw Fail(where, target.Cell.SynapseRefusal is { } why ? $"puts the synapse '{synapse.Id}' on population '{target.Name}' ({target.Cell.Element}); {why}." : target.Cell.DimensionlessInput
                ? $"puts the conductance synapse '{synapse.Id}' on population '{target.Name}' ({target.Cell.Element}), whose input currents are dimensionless; only pulseGeneratorDL inputs reach it."
                : $"puts the conductance synapse '{synapse.Id}' on population '{target.Name}' ({target.Cell.Element}); NeuroSharp's AdEx takes current-based synaptic input, so only pulse inputs and gap junctions reach it.");
        if (synapse.Block is not null && target.Cell.Model is not (HodgkinHuxleyNeuronSpec or ConductanceLifNeuronSpec or Izhikevich2007NeuronSpec))
            throw Fail(where, $"puts '{synapse.Id}', a synapse with a voltageConcDepBlockMechanism, on population '{target.Name}' ({target.Cell.Element}); NeuroSharp has the block on the synaptic ports of cells it runs as hh (cell, pointCellCondBased), conductanceLif (iafCell, iafRefCell, PyNN's IF_cond cells) or izhikevich2007 (izhikevich2007Cell) only.");
        // A synapse with gbase 0 carries no current (c302's level A writes its electrical synapses so): its
        // connections stay, with weight 0, and it takes no channel.
        if (synapse.GbaseNs != 0 && !target.Used.Exists(u => u.Channel == synapse.Channel)) target.Used.Add(synapse);
    }

    /// <summary>Gives each population's synapse kinds the engine's two channels (the higher reversal potential the excitatory one).</summary>
    private void AssignChannels(Population p)
    {
        if (!p.Cell.HasChannels) return;
        // The exporter lists an hh, conductanceLif or izhikevich2007 cell's ports in order, "SYNAPSE:NAME ...", so that unused ones come back too
        // (docs/neuroml.md, "What is written"); a conductanceLif's current ports among them (alphaCurrentSynapse, expCurrSynapse).
        if (p.Cell.Model is HodgkinHuxleyNeuronSpec or ConductanceLifNeuronSpec or Izhikevich2007NeuronSpec && p.Properties.TryGetValue(PortsTag, out var listed))
        {
            p.Ports = [];
            foreach (string entry in listed.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string id = entry.Split(':')[0];
                if (!_synapses.TryGetValue(id, out var port)) throw Fail(p.Element, $"property {PortsTag} names '{id}', which is not a synapse of the file.");
                if (port.CurrentBased && (p.Cell.Model is not ConductanceLifNeuronSpec || double.IsNegativeInfinity(port.ErevMv)))
                    throw Fail(p.Element, $"property {PortsTag} lists the current-based synapse '{id}'{(p.Cell.Model is ConductanceLifNeuronSpec ? " of negative ibase" : $" on a {p.Cell.Element}")}; NeuroSharp's current ports add their (positive) weight on iaf-mapped cells only.");
                p.Ports.Add(port);
            }
            var unlisted = p.Used.FirstOrDefault(u => !p.Ports.Exists(q => q.Channel == u.Channel));
            if (unlisted is not null) throw Fail(p.Element, $"property {PortsTag} does not list a port for synapse '{unlisted.Id}', which reaches the population.");
            return;
        }
        if (p.Cell.Model is ConductanceLifNeuronSpec && p.Used.Exists(u => u.CurrentBased) && p.Used.Exists(u => !u.CurrentBased))
        {
            // Current-based and conductance synapses onto an iaf-mapped cell (PyNN's IF cells): a synaptic port per kind, the current
            // ones current ports (docs/neuroml.md).
            MixedPorts(p);
            return;
        }
        NeuroMlSynapse? Tagged(string tag)
        {
            if (!p.Properties.TryGetValue(tag, out var id)) return null;
            return _synapses.TryGetValue(id, out var s) ? s : throw Fail(p.Element, $"property {tag} names '{id}', which is not a synapse of the file.");
        }
        NeuroMlSynapse? taggedExc = Tagged(ExcitatoryTag), taggedInh = Tagged(InhibitoryTag);
        if (p.Used.Exists(u => u.CurrentBased) || taggedExc is { CurrentBased: true } || taggedInh is { CurrentBased: true })
        {
            // The exporter names a lif's alpha channels in its tags (docs/neuroml.md, "What is written"), so that unused ones come back too.
            AssignCurrentChannels(p);
            p.Excitatory ??= taggedExc is { CurrentBased: true } ? taggedExc : null;
            p.Inhibitory ??= taggedInh is { CurrentBased: true } ? taggedInh : null;
            return;
        }
        p.Excitatory = taggedExc;
        p.Inhibitory = taggedInh;
        // An hh, iaf or izhikevich2007 cell that receives more than two kinds of synapse, or a blocked one, gets a synaptic port per kind (docs/neuroml.md).
        if (p.Cell.Model is HodgkinHuxleyNeuronSpec or ConductanceLifNeuronSpec or Izhikevich2007NeuronSpec && p.Excitatory is null && p.Inhibitory is null && (p.Used.Count > 2 || p.Used.Exists(u => u.Block is not null)))
        {
            p.Ports = [.. p.Used];
            return;
        }
        var rest = p.Used.Where(u => u.Channel != p.Excitatory?.Channel && u.Channel != p.Inhibitory?.Channel).OrderByDescending(u => u.ErevMv).ToList();
        int free = (p.Excitatory is null ? 1 : 0) + (p.Inhibitory is null ? 1 : 0);
        if (rest.Count > free)
            throw Fail(p.Element, $"receives {p.Used.Count} kinds of synapse ({string.Join(", ", p.Used.Select(u => u.Id))}) that differ in tau, rise or erev; a NeuroSharp population has two conductance channels (split the population by its inputs).");
        foreach (var s in rest)
        {
            bool excitatory = p.Excitatory is null && (p.Inhibitory is not null || rest.Count == 2 || s.ErevMv >= p.Cell.RestMv);
            if (excitatory) p.Excitatory = s;
            else p.Inhibitory = s;
        }
    }

    /// <summary>The port (1, 2, ...) of synapse <paramref name="s"/> on a population with synaptic ports; 0 otherwise.</summary>
    private static int PortOf(Population p, NeuroMlSynapse s) =>
        p.Ports is { } ports ? ports.FindIndex(u => u.Channel == s.Channel) + 1 : 0;

    private Receptor ReceptorOf(Population p, NeuroMlSynapse s) =>
        p.Ports is not null
            ? (s.ErevMv >= p.Cell.RestMv ? Receptor.Excitatory : Receptor.Inhibitory)   // on a port only the label: erev gives the sign
            : p.Excitatory?.Channel == s.Channel ? Receptor.Excitatory : Receptor.Inhibitory;

    private PopulationSpec ToSpec(Population p, double dt, double? duration)
    {
        var model = p.Cell.Model;
        if (p.Cell.SpikeTimesMs is not null || p.Cell.PeriodMs is not null) model = SpikeTimes(p, dt, duration);
        if (model is ConductanceLifNeuronSpec current && p.Ports is null && (p.Used.Exists(u => u.CurrentBased) || p.Excitatory is { CurrentBased: true } || p.Inhibitory is { CurrentBased: true }))
            model = CurrentBasedLif(current, p.Excitatory, p.Inhibitory);
        else if (model is ConductanceLifNeuronSpec iaf && p.Ports is { } iafPorts)
        {
            model = iaf with { Ports = PortsOf(iafPorts, NeuronModels.StateVariables(iaf), ListedPortNames(p)) };
        }
        else if (model is ConductanceLifNeuronSpec lif)
        {
            var d = new ConductanceLifNeuronSpec();
            model = lif with
            {
                TauExcMs = p.Excitatory?.TauMs ?? d.TauExcMs, RiseExcMs = p.Excitatory?.RiseMs ?? d.RiseExcMs, ExcReversalMv = p.Excitatory?.ErevMv ?? d.ExcReversalMv,
                TauInhMs = p.Inhibitory?.TauMs ?? d.TauInhMs, RiseInhMs = p.Inhibitory?.RiseMs ?? d.RiseInhMs, InhReversalMv = p.Inhibitory?.ErevMv ?? d.InhReversalMv,
            };
        }
        else if (model is Izhikevich2007NeuronSpec izhWithPorts && p.Ports is { } izhPorts)
        {
            model = izhWithPorts with { Ports = PortsOf(izhPorts, NeuronModels.StateVariables(izhWithPorts), ListedPortNames(p)) };
        }
        else if (model is Izhikevich2007NeuronSpec izh)
        {
            var d = new Izhikevich2007NeuronSpec();
            model = izh with
            {
                TauExcMs = p.Excitatory?.TauMs ?? d.TauExcMs, RiseExcMs = p.Excitatory?.RiseMs ?? d.RiseExcMs, ExcReversalMv = p.Excitatory?.ErevMv ?? d.ExcReversalMv,
                TauInhMs = p.Inhibitory?.TauMs ?? d.TauInhMs, RiseInhMs = p.Inhibitory?.RiseMs ?? d.RiseInhMs, InhReversalMv = p.Inhibitory?.ErevMv ?? d.InhReversalMv,
            };
        }
        else if (model is HodgkinHuxleyNeuronSpec withPorts && p.Ports is { } ports)
        {
            var names = new HashSet<string>(NeuronModels.StateVariables(withPorts), StringComparer.Ordinal);
            var given = ListedPortNames(p);
            model = withPorts with
            {
                Ports = [.. ports.Select(s => new SynapticPortSpec(given.TryGetValue(s.Id, out var n) && names.Add(n) ? n : PortName(s.Id, names), s.TauMs, s.ErevMv) { RiseMs = s.RiseMs, Block = s.Block })],
            };
        }
        else if (model is HodgkinHuxleyNeuronSpec hh)
        {
            var d = new HodgkinHuxleyNeuronSpec();
            model = hh with
            {
                TauExcMs = p.Excitatory?.TauMs ?? d.TauExcMs, RiseExcMs = p.Excitatory?.RiseMs ?? d.RiseExcMs, ExcReversalMv = p.Excitatory?.ErevMv ?? d.ExcReversalMv,
                TauInhMs = p.Inhibitory?.TauMs ?? d.TauInhMs, RiseInhMs = p.Inhibitory?.RiseMs ?? d.RiseInhMs, InhReversalMv = p.Inhibitory?.ErevMv ?? d.InhReversalMv,
            };
        }
        double? Number(string tag) => p.Properties.TryGetValue(tag, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x : null;
        var kind = p.Properties.TryGetValue(KindTag, out var k) && Enum.TryParse<NeuronKind>(k, ignoreCase: true, out var parsed) ? parsed : NeuronKind.Mixed;
        return new PopulationSpec
        {
            Name = p.Name, Count = p.Count, Model = model, Kind = kind,
            Initial = p.Cell.InitialV is { } v ? new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(v) } : null,
            X = Number(XTag), Y = Number(YTag),
            Color = p.Properties.TryGetValue(ColorTag, out var c) ? c : p.Properties.TryGetValue("color", out var rgb) ? Hex(rgb) : null,
        };
    }

    /// <summary>The port names the exporter lists in the population's neurosharp:ports property ("SYNAPSE:NAME ..."), by synapse id; empty without it.</summary>
    private static Dictionary<string, string> ListedPortNames(Population p) =>
        p.Properties.TryGetValue(PortsTag, out var listed)
            ? listed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split(':')).Where(e => e.Length == 2).ToDictionary(e => e[0], e => e[1], StringComparer.Ordinal)
            : [];

    /// <summary>
    /// A spikeArray's or spikeGenerator's spikes for every cell of the population, on the run's steps as jLEMS emits them: a
    /// spike due at T is emitted at the end of the first step that ends at or after T, ceil(T / dt) dt (at least dt), which is
    /// the engine's step ceil(T / dt) - 1. A spikeGenerator spikes at period, 2 period, ... up to the run's length.
    /// </summary>
    private SpikeTimesSourceSpec SpikeTimes(Population p, double dt, double? duration)
    {
        IReadOnlyList<double> due;
        if (p.Cell.PeriodMs is { } period)
        {
            if (duration is not { } length)
                throw Fail(p.Cell.Source!, "is a spikeGenerator, whose spikes NeuroSharp lists up to the run's length, which this file does not give; run it from a LEMS file or add <property tag=\"recommended_duration_ms\"> to the network.");
            long count = (long)Math.Floor(length / period + 1e-9);
            if (count * p.Count > 50_000_000)
                throw Fail(p.Cell.Source!, $"would emit {count} spikes per cell in {Show(length)} ms ({p.Count} cells); NeuroSharp lists a spikeGenerator's spikes, at most 50 000 000.");
            due = [.. Enumerable.Range(1, (int)count).Select(k => k * period)];
        }
        else due = p.Cell.SpikeTimesMs!;
        var indices = new List<int>(due.Count * p.Count);
        var times = new List<double>(due.Count * p.Count);
        foreach (double t in due)
        {
            long step = Math.Max((long)Math.Ceiling(t / dt - 1e-9) - 1, 0);
            for (int i = 0; i < p.Count; i++)
            {
                indices.Add(i);
                times.Add(step * dt);
            }
        }
        return new SpikeTimesSourceSpec { Indices = indices, TimesMs = times };
    }

    /// <summary>c302's colours ("1 0 .4", red green blue in [0, 1]) as #rrggbb; anything else is dropped.</summary>
    private static string? Hex(string rgb)
    {
        var parts = rgb.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3) return null;
        var bytes = new int[3];
        for (int i = 0; i < 3; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !(x >= 0 && x <= 1)) return null;
            bytes[i] = (int)Math.Round(x * 255);
        }
        return string.Create(CultureInfo.InvariantCulture, $"#{bytes[0]:x2}{bytes[1]:x2}{bytes[2]:x2}");
    }

    /// <summary>The index of a cell named as "../pop/3/cell", "../pop[3]" or (with <paramref name="plainIndex"/>) "3" within its population.</summary>
    private int CellIndex(XElement e, string attribute, Population population, bool plainIndex = false)
    {
        string text = Text(e, attribute);
        string? id = null;
        if (plainIndex && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _)) id = text;
        else if (CellReference().Match(text) is { Success: true } m)
        {
            if (m.Groups["pop"].Value != population.Name)
                throw Fail(e, $"@{attribute} is '{text}', a cell of '{m.Groups["pop"].Value}', but the projection's population there is '{population.Name}'.");
            id = m.Groups["i"].Value;
        }
        if (id is null) throw Fail(e, $"@{attribute} is '{text}', not a cell reference such as ../{population.Name}/0/{population.Cell.Id} or ../{population.Name}[0].");
        int index;
        if (population.InstanceIndex is { } map)
        {
            if (!map.TryGetValue(id, out index)) throw Fail(e, $"@{attribute} is '{text}', but population '{population.Name}' has no instance '{id}'.");
        }
        else if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out index) || index >= population.Count)
            throw Fail(e, $"@{attribute} is '{text}', outside population '{population.Name}' of {population.Count} cells.");
        return index;
    }

    private IEnumerable<ProjectionSpec> ToProjection(XElement e, Dictionary<string, Population> populations)
    {
        var pre = PopulationOf(e, "presynapticPopulation", populations);
        var post = PopulationOf(e, "postsynapticPopulation", populations);
        var synapse = SynapseOf(e, Text(e, "synapse"));
        // One engine projection per post segment of a multi-compartment target (NeuroMlReader.Morphology.cs), in the order first met.
        var parts = new List<(string? Segment, List<int> Sources, List<int> Targets, List<double> Weights, List<double> Delays)>();
        foreach (var c in e.Elements())
        {
            string name = c.Name.LocalName;
            if (name is "notes" or "annotation" or "property") continue;
            if (name is not ("connection" or "connectionWD")) throw Unsupported(c);
            string? segment = PostSegment(c, pre, post);
            int k = parts.FindIndex(p => p.Segment == segment);
            if (k < 0)
            {
                parts.Add((segment, [], [], [], []));
                k = parts.Count - 1;
            }
            var part = parts[k];
            part.Sources.Add(CellIndex(c, "preCellId", pre));
            part.Targets.Add(CellIndex(c, "postCellId", post));
            double w = name == "connectionWD" ? Quantity(c, "weight", NeuroMlDimension.None) : 1;
            if (w < 0) throw Fail(c, $"@weight is {Show(w)}; NeuroSharp's weights are magnitudes (the synapse's erev gives the sign).");
            part.Weights.Add(w * synapse.GbaseNs / post.Cell.LeakNs);
            part.Delays.Add(name == "connectionWD" ? NonNegative(c, "delay", NeuroMlDimension.Time) : 0);
        }
        if (parts.Count == 0) parts.Add((null, [], [], [], []));
        var root = post.Cell.Conductance?.Morphology?.Compartments[0].Name;
        var projections = new List<ProjectionSpec>();
        foreach (var (segment, sources, targets, weights, delays) in parts)
        {
            // One weight (one delay) for all is the projection's weight (delay); otherwise listed per synapse.
            bool oneWeight = weights.Count > 0 && weights.TrueForAll(w => w == weights[0]);
            bool oneDelay = delays.TrueForAll(d => d == (delays.Count > 0 ? delays[0] : 0));
            projections.AddRange(PerPart(new ProjectionSpec
            {
                Name = parts.Count == 1 ? Id(e) : $"{Id(e)}_seg{segment}", Source = pre.Name, Target = post.Name,
                Receptor = ReceptorOf(post, synapse), Port = PortOf(post, synapse),
                Compartment = segment == root ? null : segment,
                Connectivity = new ExplicitConnectivity { Sources = sources, Targets = targets, Weights = oneWeight ? null : weights, DelaysMs = oneDelay ? null : delays },
                Weight = DistributionSpec.Constant(oneWeight ? weights[0] : 1),
                DelayMs = DistributionSpec.Constant(oneDelay && delays.Count > 0 ? delays[0] : 0),
                ShortTermPlasticity = synapse.ShortTerm,
            }, synapse, post));
        }
        return projections;
    }

    /// <summary>
    /// The compartment a connection's postSegmentId (default 0) names on a multi-compartment target, or null for a one-segment
    /// target (whose segment ids are not read). An undivided segment is one compartment, so every postFractionAlong reaches its one
    /// node; of a segment its section's numberInternalDivisions cut, the piece holding postFractionAlong (default 0.5).
    /// </summary>
    private string? PostSegment(XElement c, Population pre, Population post)
    {
        if (pre.Cell.Conductance?.Morphology is { } from && (string?)c.Attribute("preSegmentId") is { } preSegment)
        {
            string spikes = from.SpikeCompartment ?? from.Compartments[0].Name;
            if (preSegment != spikes)
                throw Fail(c, $"@preSegmentId is '{preSegment}'; NeuroSharp's multi-compartment cell '{pre.Cell.Id}' spikes at segment {spikes} only, so a connection leaves from there.");
        }
        if (post.Cell.Conductance is not { Morphology: not null } cell) return null;
        string segment = (string?)c.Attribute("postSegmentId") ?? "0";
        var segments = cell.Segments ?? [];
        if (!segments.Contains(segment))
            throw Fail(c, $"@postSegmentId is '{segment}', which is not a segment of cell '{post.Cell.Id}' ({string.Join(", ", segments)}).");
        double f = 0.5;
        if ((string?)c.Attribute("postFractionAlong") is { } along)
        {
            f = Quantity(c, "postFractionAlong", NeuroMlDimension.None);
            if (!(f >= 0 && f <= 1)) throw Fail(c, $"@postFractionAlong is '{along}'; a point along a segment is a fraction from 0 to 1.");
        }
        return cell.CompartmentAt(segment, f);
    }

    private GapJunctionSpec ToGapJunction(XElement e, Dictionary<string, Population> populations)
    {
        var pre = PopulationOf(e, "presynapticPopulation", populations);
        var post = PopulationOf(e, "postsynapticPopulation", populations);
        foreach (var side in new[] { pre, post })
        {
            if (side.Cell.IsSource) throw Fail(e, $"couples population '{side.Name}', a {side.Cell.Element}, which has no membrane potential.");
            if (side.Cell.TakesNoInput) throw Fail(e, $"couples population '{side.Name}', an {side.Cell.Element}, which takes no current.");
            if (side.Cell.DimensionlessInput) throw Fail(e, $"couples population '{side.Name}', an {side.Cell.Element}, whose currents are dimensionless; NeuroSharp's gap junctions join cells with conductances.");
        }
        if (pre.Cell.LeakNs != post.Cell.LeakNs || pre.Cell.HasChannels != post.Cell.HasChannels)
            throw Fail(e, $"couples '{pre.Name}' ({pre.Cell.Id}) and '{post.Name}' ({post.Cell.Id}), whose leak conductances differ; NeuroSharp's gap junctions use one conductance in units of both cells' leak.");
        var sources = new List<int>();
        var targets = new List<int>();
        var conductances = new List<double>();
        foreach (var c in e.Elements())
        {
            string name = c.Name.LocalName;
            if (name is "notes" or "annotation" or "property") continue;
            if (name is not ("electricalConnection" or "electricalConnectionInstance" or "electricalConnectionInstanceW")) throw Unsupported(c);
            bool plain = name == "electricalConnection";
            sources.Add(CellIndex(c, "preCell", pre, plain));
            targets.Add(CellIndex(c, "postCell", post, plain));
            string synapse = Text(c, "synapse");
            if (!_gapJunctions.TryGetValue(synapse, out double g))
                throw Fail(c, _components.ContainsKey(synapse) ? $"uses '{synapse}', which is not a gapJunction." : $"uses gapJunction '{synapse}', which no loaded file defines.");
            double w = name == "electricalConnectionInstanceW" ? Quantity(c, "weight", NeuroMlDimension.None) : 1;
            if (w < 0) throw Fail(c, $"@weight is {Show(w)}; a gap junction's conductance cannot be negative.");
            conductances.Add(w * g / post.Cell.LeakNs);
        }
        bool one = conductances.Count > 0 && conductances.TrueForAll(g => g == conductances[0]);
        return new GapJunctionSpec
        {
            Name = Id(e), Source = pre.Name, Target = post.Name,
            Connectivity = new ExplicitConnectivity { Sources = sources, Targets = targets, Weights = one ? null : conductances },
            Conductance = DistributionSpec.Constant(one ? conductances[0] : 1),
        };
    }

    /// <summary>The population and component of an inputList or explicitInput.</summary>
    private (Population Target, string Component) InputTarget(XElement e, Dictionary<string, Population> populations)
    {
        if (e.Name.LocalName == "inputList") return (PopulationOf(e, "population", populations), Text(e, "component"));
        string target = Text(e, "target");
        var m = CellReference().Match(target);
        if (!m.Success || !populations.TryGetValue(m.Groups["pop"].Value, out var p))
            throw Fail(e, $"@target is '{target}', which names no cell of the network's populations.");
        return (p, Text(e, "input"));
    }

    /// <summary>
    /// The compartment an input's segmentId (default 0) names on a multi-compartment target, or null for the one its inputs reach by
    /// default (the root) and for a one-segment target: the current or Poisson input names it as its compartment
    /// (docs/spiking-multicompartment.md, "Inputs"). An undivided segment is one compartment, so every fractionAlong reaches its one
    /// node; of a segment its section's numberInternalDivisions cut, the piece holding fractionAlong (default 0.5).
    /// </summary>
    private string? InputSegment(XElement c, Population target)
    {
        if (target.Cell.Conductance is not { Morphology: { } morphology } cell) return null;
        string segment = (string?)c.Attribute("segmentId") ?? "0";
        var segments = cell.Segments ?? [];
        if (!segments.Contains(segment))
            throw Fail(c, $"@segmentId is '{segment}', which is not a segment of cell '{target.Cell.Id}' ({string.Join(", ", segments)}).");
        string into = morphology.InputCompartment ?? morphology.Compartments[0].Name;
        double f = 0.5;
        if ((string?)c.Attribute("fractionAlong") is { } along)
        {
            f = Quantity(c, "fractionAlong", NeuroMlDimension.None);
            if (!(f >= 0 && f <= 1)) throw Fail(c, $"@fractionAlong is '{along}'; a point along a segment is a fraction from 0 to 1.");
        }
        string compartment = cell.CompartmentAt(segment, f);
        return compartment == into ? null : compartment;
    }

    private IEnumerable<InputSpec> ToInputs(XElement e, Dictionary<string, Population> populations, double? duration)
    {
        var (target, component) = InputTarget(e, populations);
        if (target.Cell.IsSource || target.Cell.TakesNoInput) throw Fail(e, $"drives population '{target.Name}', a {target.Cell.Element}, which receives no input.");
        if (_timedInputs.ContainsKey(component)) return []; // a source population and a projection (TimedInputs)
        // One engine input per (weight, segment): a segment other than the root is the input's compartment.
        var byWeight = new List<(double Weight, string? Segment, List<int> Indices)>();
        void Add(double w, string? segment, int index)
        {
            int k = byWeight.FindIndex(b => b.Weight == w && b.Segment == segment);
            if (k < 0) byWeight.Add((w, segment, [index]));
            else byWeight[k].Indices.Add(index);
        }
        if (e.Name.LocalName == "explicitInput") Add(1, null, CellIndex(e, "target", target));
        else
        {
            foreach (var c in e.Elements())
            {
                string name = c.Name.LocalName;
                if (name is "notes" or "annotation" or "property") continue;
                if (name is not ("input" or "inputW")) throw Unsupported(c);
                double w = name == "inputW" ? Quantity(c, "weight", NeuroMlDimension.None) : 1;
                Add(w, InputSegment(c, target), CellIndex(c, "target", target));
            }
        }
        var inputs = new List<InputSpec>();
        foreach (var (w, segment, indices) in byWeight)
        {
            IReadOnlyList<int>? list = indices.Count == target.Count && indices.Select((x, i) => x == i).All(b => b) ? null : indices;
            if (PulsesOf(component) is { } pulses)
            {
                foreach (var pulse in pulses)
                {
                    if (pulse.Dimensionless != target.Cell.DimensionlessInput)
                        throw Fail(e, pulse.Dimensionless
                            ? $"puts the dimensionless {pulse.Element} '{component}' on population '{target.Name}' ({target.Cell.Element}), whose current is in amperes; use a {pulse.Element[..^2]}."
                            : $"puts the {pulse.Element} '{component}' (in amperes) on population '{target.Name}' ({target.Cell.Element}), whose current is dimensionless; use a {pulse.Element}DL.");
                    inputs.Add(CurrentInput(pulse, target.Name, list, w / target.Cell.LeakNs) with { Compartment = segment });
                }
            }
            else if (_poissonInputs.TryGetValue(component, out var poisson))
            {
                var synapse = _synapses[poisson.SynapseId];
                if (w < 0) throw Fail(e, $"has an input of weight {Show(w)}; Poisson inputs need weights of at least 0.");
                inputs.Add(new PoissonInputSpec
                {
                    Target = target.Name, Indices = list, SourceCount = 1, RateHz = poisson.RateHz,
                    Weight = w * synapse.GbaseNs / target.Cell.LeakNs, Receptor = ReceptorOf(target, synapse), Port = PortOf(target, synapse),
                    StartMs = poisson.Transient?.DelayMs ?? 0,
                    StopMs = poisson.Transient is { DurationMs: < EndlessMs } t ? t.DelayMs + t.DurationMs : null,
                    Compartment = segment,
                });
            }
            else if (_clamps.TryGetValue(component, out var clamp))
            {
                if (ClampInput(clamp, e, target.Name, target.Cell, list, w) is { } input) inputs.Add(input);
            }
            else
            {
                throw Fail(e, _components.TryGetValue(component, out var found)
                    ? $"uses '{component}', a <{found.Element.Name.LocalName}>, as an input; NeuroSharp's inputs are pulseGenerator, rampGenerator, sineGenerator (and their DL forms), compoundInput(DL) of them, poissonFiringSynapse, timedSynapticInput, transientPoissonFiringSynapse, voltageClamp and voltageClampTriple."
                    : $"uses input '{component}', which no loaded file defines.");
            }
        }
        return inputs;
    }
}
