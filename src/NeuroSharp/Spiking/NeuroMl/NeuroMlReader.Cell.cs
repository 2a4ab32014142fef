using System.Globalization;
using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>A q10 setting (of a gate's rates, or of a channel's conductance): fixedQ10, or q10Factor^((T - experimentalTemp) / 10 K).</summary>
/// <param name="Element">Its element, for the refusal when the network gives no temperature.</param>
/// <param name="Fixed">q10Fixed's fixedQ10; null for the temperature form.</param>
/// <param name="Factor">q10Factor.</param>
/// <param name="ExperimentalK">experimentalTemp in K.</param>
internal sealed record NmlQ10(XElement Element, double? Fixed, double Factor, double ExperimentalK);

/// <summary>A gate of an ion channel as read, before the network's temperature turns its q10 settings into one factor.</summary>
internal sealed record NmlGate(string Id, int Power, GateKinetics Kinetics, VoltageFunction? Alpha, VoltageFunction? Beta, VoltageFunction? Tau, VoltageFunction? Inf, IReadOnlyList<NmlQ10> Q10)
{
    /// <summary>A gateFractional's sub-gates with their fractional conductances (null for the other gates; NeuroMlReader.Lems.cs).</summary>
    public IReadOnlyList<(NmlGate Gate, double Fraction)>? SubGates { get; init; }

    /// <summary>A gateKS's kinetic scheme (null for the other gates; NeuroMlReader.Kinetic.cs).</summary>
    public KineticSchemeSpec? Scheme { get; init; }

    /// <summary>The engine's gate, with the q10 factor of its settings.</summary>
    public GateSpec ToGate(double rateFactor, double q10 = 1) => new(Id, Power, Kinetics, Alpha, Beta, Tau, Inf, rateFactor) { Scheme = Scheme, Q10 = q10 };
}

/// <summary>An ionChannel, ionChannelHH or ionChannelPassive: its single-channel conductance (if given), gates and conductance scalings.</summary>
internal sealed record NmlIonChannel(string Id, string Element, double? ConductanceNs, IReadOnlyList<NmlGate> Gates, IReadOnlyList<NmlQ10> Scaling);

/// <summary>A single-compartment <c>&lt;cell&gt;</c> in the engine's units (pF, nS, mV), as docs/neuroml.md maps it.</summary>
/// <param name="AreaUm2">The segment's membrane area in um^2.</param>
/// <param name="CapacitancePf">specificCapacitance x area.</param>
/// <param name="SpikeThresholdMv">spikeThresh.</param>
/// <param name="InitialMv">initMembPotential (every gate starts at its steady state there).</param>
/// <param name="Channels">The channels, in the file's order.</param>
internal sealed record NmlConductanceCell(double AreaUm2, double CapacitancePf, double SpikeThresholdMv, double InitialMv, IReadOnlyList<IonChannelSpec> Channels)
{
    /// <summary>The calcium pool of the cell's species, if any (NeuroMlReader.Concentrations.cs).</summary>
    public IReadOnlyList<ConcentrationPoolSpec> Concentrations { get; init; } = [];

    /// <summary>Each channelDensity's or channelPopulation's engine channels and nominal conductance, for its LEMS fopen and g (NeuroMlReader.Outputs.cs).</summary>
    public IReadOnlyDictionary<string, NmlOpen> Opens { get; init; } = new Dictionary<string, NmlOpen>();

    /// <summary>The morphology of a cell of several segments (NeuroMlReader.Morphology.cs); null for one segment.</summary>
    public MorphologySpec? Morphology { get; init; }

    /// <summary>The segment ids of a cell of several segments, in the file's order (null for one segment).</summary>
    public IReadOnlyList<string>? Segments { get; init; }

    /// <summary>
    /// The compartments of each segment its section's numberInternalDivisions cut (NeuroMlReader.Morphology.cs, Divide), proximal
    /// first; null, or a segment not listed, where a segment is one compartment of its own id.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Pieces { get; init; }

    /// <summary>
    /// The compartment at <paramref name="fractionAlong"/> of <paramref name="segment"/>: the segment's own, or of a divided one the
    /// piece holding that point (NEURON's node of the nseg interval holding it), the last at 1.
    /// </summary>
    public string CompartmentAt(string segment, double fractionAlong) =>
        Pieces is { } all && all.TryGetValue(segment, out var pieces) ? pieces[Math.Min(pieces.Count - 1, (int)Math.Floor(fractionAlong * pieces.Count))] : segment;
}

/// <summary>
/// NeuroML's conductance-based <c>&lt;cell&gt;</c> with one segment and its ion channels of HH gates (docs/neuroml.md, "cell: single
/// compartments with ion channels"). Channels are read where they are defined; a cell is read when a population uses it,
/// with the network's temperature for its q10 settings.
/// </summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>jLEMS's pi in Cells.xml's segment area (4 r^2 3.14159265 for a sphere, 2 r 3.14159265 L for a cylinder).</summary>
    internal const double LemsPi = 3.14159265;

    private readonly Dictionary<string, NmlIonChannel> _ionChannels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string File, XElement Element)> _ionChannelElements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string File, XElement Element)> _conductanceCells = new(StringComparer.Ordinal);
    private (XElement Network, double? Kelvin)? _temperature;

    private const string SupportedGates = "gateHHrates, gateHHtauInf, gateHHratesTau, gateHHratesInf, gateHHratesTauInf, gateHHInstantaneous, gateKS (or <gate type=\"...\"> of these)";
    private const string SupportedRates = "HHExpRate, HHSigmoidRate, HHExpLinearRate";
    private const string SupportedVariables = "HHExpVariable, HHSigmoidVariable, HHExpLinearVariable";

    private static readonly string[] GateKinds = ["gateHHrates", "gateHHtauInf", "gateHHratesTau", "gateHHratesInf", "gateHHratesTauInf", "gateHHInstantaneous"];

    /// <summary>ionChannel, ionChannelHH (the same type) and ionChannelPassive, or one of them named by type=.</summary>
    private NmlIonChannel IonChannel(XElement e, string id, string name)
    {
        string kind = name;
        if ((string?)e.Attribute("type") is { } type && type != name)
        {
            kind = type switch
            {
                "ionChannel" or "ionChannelHH" or "ionChannelPassive" or "ionChannelKS" => type,
                "ionChannelVShift" => throw Fail(e, "has type 'ionChannelVShift', whose gates shift with a vShift; NeuroSharp simulates ionChannel, ionChannelHH and ionChannelPassive (docs/neuroml.md)."),
                _ => throw Fail(e, $"has type '{type}', which NeuroSharp does not simulate; an ion channel's type is ionChannel, ionChannelHH or ionChannelPassive (docs/neuroml.md)."),
            };
        }
        double? conductance = e.Attribute("conductance") is null ? null : NonNegative(e, "conductance", NeuroMlDimension.Conductance);
        var gates = new List<NmlGate>();
        var scaling = new List<NmlQ10>();
        foreach (var x in e.Elements())
        {
            string child = x.Name.LocalName;
            if (child is "notes" or "annotation" or "property") continue;
            string gateKind = child == "gate" ? (string?)x.Attribute("type") ?? throw Fail(x, $"has no type; a <gate> names its kind ({SupportedGates}).") : child;
            if (GateKinds.Contains(gateKind))
            {
                if (kind == "ionChannelPassive") throw Fail(x, $"is a gate of the passive channel '{id}'; an ionChannelPassive has none (use ionChannel or ionChannelHH).");
                var gate = Gate(x, gateKind);
                if (gates.Exists(g => g.Id == gate.Id)) throw Fail(x, $"has id '{gate.Id}', which another gate of channel '{id}' uses.");
                gates.Add(gate);
            }
            else if (child is "q10ConductanceScaling" || (child == "conductanceScaling" && (string?)x.Attribute("type") == "q10ConductanceScaling"))
            {
                scaling.Add(Q10Exp(x));
            }
            else if (IsLemsType(gateKind, LemsRole.Gate))
            {
                if (kind == "ionChannelPassive") throw Fail(x, $"is a gate of the passive channel '{id}'; an ionChannelPassive has none (use ionChannel or ionChannelHH).");
                var gate = LemsGate(x, gateKind);
                if (gates.Exists(g => g.Id == gate.Id)) throw Fail(x, $"has id '{gate.Id}', which another gate of channel '{id}' uses.");
                gates.Add(gate);
            }
            else if (gateKind == "gateFractional")
            {
                if (kind == "ionChannelPassive") throw Fail(x, $"is a gate of the passive channel '{id}'; an ionChannelPassive has none (use ionChannel or ionChannelHH).");
                var gate = FractionalGate(x);
                if (gates.Exists(g => g.Id == gate.Id)) throw Fail(x, $"has id '{gate.Id}', which another gate of channel '{id}' uses.");
                if (gates.Exists(g => g.SubGates is not null)) throw Fail(x, $"is a second gateFractional of channel '{id}'; NeuroSharp maps one per channel.");
                gates.Add(gate);
            }
            else if (gateKind == "gateKS")
            {
                if (kind == "ionChannelPassive") throw Fail(x, $"is a gate of the passive channel '{id}'; an ionChannelPassive has none (use ionChannel or ionChannelHH).");
                var gate = KineticGate(x);
                if (gates.Exists(g => g.Id == gate.Id)) throw Fail(x, $"has id '{gate.Id}', which another gate of channel '{id}' uses.");
                gates.Add(gate);
            }
            else if (gateKind is "gateHHratesTauInfFractional" or "gateFractionalSubunit")
            {
                throw Fail(x, $"is a {gateKind}, which NeuroSharp does not simulate; its gates are {SupportedGates} (docs/neuroml.md).");
            }
            else
            {
                string what = !_componentTypes.TryGetValue(gateKind, out var ct) ? "an element"
                    : ReadsConcentration(ct) ? "a LEMS ComponentType that reads an ion concentration and" : "a LEMS ComponentType";
                throw Fail(x, $"is <{child}>{(child == "gate" ? $" of type '{gateKind}'" : "")}, {what} that NeuroSharp does not simulate in an ion channel; its gates are {SupportedGates}, with q10ConductanceScaling (docs/neuroml.md).");
            }
        }
        return new NmlIonChannel(id, kind, conductance, gates, scaling);
    }

    private NmlGate Gate(XElement g, string kind)
    {
        string id = Id(g);
        double instances = Quantity(g, "instances", NeuroMlDimension.None);
        if (!(instances >= 1 && instances == Math.Floor(instances) && instances <= 100))
            throw Fail(g, $"@instances is '{(string?)g.Attribute("instances")}'; a gate's power is a whole number from 1 to 100.");
        VoltageFunction? forward = null, reverse = null, tau = null, inf = null;
        var q10 = new List<NmlQ10>();
        var deferred = new List<XElement>();
        foreach (var x in g.Elements())
        {
            switch (x.Name.LocalName)
            {
                case "forwardRate":
                    forward = Function(x, SupportedRates, rate: true);
                    break;
                case "reverseRate":
                    reverse = Function(x, SupportedRates, rate: true);
                    break;
                case "steadyState":
                    if (IsLemsType((string?)x.Attribute("type") ?? "", LemsRole.Variable))
                    {
                        deferred.Add(x);
                        inf = VoltageFunction.Const(1);
                        break;
                    }
                    inf = Function(x, SupportedVariables, rate: false);
                    break;
                case "timeCourse":
                    string type = (string?)x.Attribute("type") ?? "";
                    if (IsLemsType(type, LemsRole.Time))
                    {
                        deferred.Add(x); // it may read the gate's alpha and beta: read after them
                        tau = VoltageFunction.Const(1);
                        break;
                    }
                    if (type != "fixedTimeCourse") throw FunctionType(x, type, "fixedTimeCourse");
                    tau = new VoltageFunction(VoltageFunctionForm.Constant, Positive(x, "tau"), 0, 1);
                    break;
                case "q10Settings":
                    q10.Add(Q10Setting(x));
                    break;
                case "notes" or "annotation" or "property":
                    break;
                default:
                    throw Fail(x, $"is <{x.Name.LocalName}>, which a {kind} does not have (it takes forwardRate, reverseRate, timeCourse, steadyState and q10Settings as NeuroML's {kind} uses them).");
            }
        }
        foreach (var x in deferred)
        {
            var siblings = new Dictionary<string, VoltageFunction>(StringComparer.Ordinal);
            if (forward is not null) siblings["alpha"] = forward;
            if (reverse is not null) siblings["beta"] = reverse;
            bool time = x.Name.LocalName == "timeCourse";
            var f = LemsFunction(x, (string)x.Attribute("type")!, time ? LemsRole.Time : LemsRole.Variable, siblings);
            if (time) tau = f;
            else inf = f;
        }
        (GateKinetics kinetics, string needs, bool ok) = kind switch
        {
            "gateHHrates" => (GateKinetics.Rates, "a forwardRate and a reverseRate", forward is not null && reverse is not null && tau is null && inf is null),
            "gateHHtauInf" => (GateKinetics.TauInf, "a timeCourse and a steadyState", tau is not null && inf is not null && forward is null && reverse is null),
            // gateHHratesTauInf exposes alpha and beta but its q follows tau and inf alone (Channels.xml): a tau-inf gate.
            "gateHHratesTauInf" => (GateKinetics.TauInf, "a forwardRate, a reverseRate, a timeCourse and a steadyState", tau is not null && inf is not null),
            "gateHHratesInf" => (GateKinetics.RatesInf, "a forwardRate, a reverseRate and a steadyState", forward is not null && reverse is not null && inf is not null && tau is null),
            "gateHHratesTau" => (GateKinetics.RatesTau, "a forwardRate, a reverseRate and a timeCourse", forward is not null && reverse is not null && tau is not null && inf is null),
            _ => (GateKinetics.Instantaneous, "a steadyState", inf is not null && forward is null && reverse is null && tau is null && q10.Count == 0),
        };
        if (!ok) throw Fail(g, $"is a {kind}, which takes exactly {needs}{(kind == "gateHHInstantaneous" ? " (no q10Settings)" : "")}.");
        if (kinetics == GateKinetics.TauInf) (forward, reverse) = (null, null);
        return new NmlGate(id, (int)instances, kinetics, forward, reverse, tau, inf, q10);
    }

    /// <summary>A rate (HHExpRate, HHSigmoidRate, HHExpLinearRate: rate per time) or a steady state (the *Variable forms: rate dimensionless).</summary>
    private VoltageFunction Function(XElement x, string supported, bool rate)
    {
        string type = (string?)x.Attribute("type") ?? "";
        if (IsLemsType(type, rate ? LemsRole.Rate : LemsRole.Variable)) return LemsFunction(x, type, rate ? LemsRole.Rate : LemsRole.Variable);
        VoltageFunctionForm form = (type, rate) switch
        {
            ("HHExpRate", true) or ("HHExpVariable", false) => VoltageFunctionForm.Exp,
            ("HHSigmoidRate", true) or ("HHSigmoidVariable", false) => VoltageFunctionForm.Sigmoid,
            ("HHExpLinearRate", true) or ("HHExpLinearVariable", false) => VoltageFunctionForm.ExpLinear,
            _ => throw FunctionType(x, type, supported),
        };
        double r = Quantity(x, "rate", rate ? NeuroMlDimension.PerTime : NeuroMlDimension.None);
        double mid = Quantity(x, "midpoint", NeuroMlDimension.Voltage);
        double scale = Quantity(x, "scale", NeuroMlDimension.Voltage);
        if (scale == 0) throw Fail(x, "@scale is 0 mV; the rate divides by it.");
        return new VoltageFunction(form, r, mid, scale);
    }

    private InvalidInputException FunctionType(XElement x, string type, string supported)
    {
        string role = x.Name.LocalName;
        if (type.Length == 0) return Fail(x, $"has no type; a {role} is one of {supported}.");
        string what = "";
        if (_componentTypes.TryGetValue(type, out var ct))
        {
            what = ReadsConcentration(ct) ? " (a LEMS ComponentType that reads an ion concentration)" : " (a LEMS ComponentType)";
        }
        return Fail(x, $"has type '{type}'{what}, which NeuroSharp does not simulate; a {role} is one of {supported} (docs/neuroml.md).");
    }

    /// <summary>A LEMS ComponentType that extends a concentration-dependent base or requires a concentration (caConc).</summary>
    private static bool ReadsConcentration(XElement ct) =>
        ((string?)ct.Attribute("extends") ?? "").Contains("Conc", StringComparison.Ordinal)
        || ct.Descendants().Any(d => d.Name.LocalName == "Requirement" && ((string?)d.Attribute("name") ?? "").Contains("Conc", StringComparison.Ordinal));

    /// <summary>A gate's q10Settings: q10Fixed or q10ExpTemp.</summary>
    private NmlQ10 Q10Setting(XElement x) => (string?)x.Attribute("type") switch
    {
        "q10Fixed" => new NmlQ10(x, Positive(x, "fixedQ10", NeuroMlDimension.None), 1, 0),
        "q10ExpTemp" => Q10Exp(x),
        var t => throw FunctionType(x, t ?? "", "q10Fixed, q10ExpTemp"),
    };

    private NmlQ10 Q10Exp(XElement x)
    {
        double factor = Positive(x, "q10Factor", NeuroMlDimension.None);
        return new NmlQ10(x, null, factor, Temperature(x, "experimentalTemp"));
    }

    private double Temperature(XElement e, string attribute)
    {
        string text = Text(e, attribute);
        if (NeuroMlUnits.TryParseTemperature(text, out double kelvin) is { } problem) throw Fail(e, $"@{attribute} is '{text}', {problem}.");
        return kelvin;
    }

    /// <summary>The product of q10 settings at the network's temperature (q10ExpTemp needs one).</summary>
    private double Q10Factor(IReadOnlyList<NmlQ10> settings)
    {
        double product = 1;
        foreach (var q in settings)
        {
            if (q.Fixed is { } f)
            {
                product *= f;
                continue;
            }
            if (_temperature is not { Kelvin: { } kelvin } t)
            {
                string network = _temperature is { } n ? $"network '{(string?)n.Network.Attribute("id")}' gives none" : "the file's network gives none";
                throw Fail(q.Element, $"scales with the temperature (experimentalTemp), but {network}; write <network type=\"networkWithTemperature\" temperature=\"6.3 degC\"> as NeuroML does.");
            }
            product *= Math.Pow(q.Factor, (kelvin - q.ExperimentalK) / 10);
        }
        return product;
    }

    /// <summary>The network's temperature (networkWithTemperature's temperature attribute), for q10ExpTemp.</summary>
    private void ReadTemperature(XElement net) =>
        _temperature = (net, net.Attribute("temperature") is null ? null : Temperature(net, "temperature"));

    /// <summary>The cell a population names: a point cell read with the components, or a conductance-based cell read now.</summary>
    private bool TryGetCell(string component, out NeuroMlCell cell)
    {
        if (_cells.TryGetValue(component, out cell!)) return true;
        if (!_conductanceCells.TryGetValue(component, out var found)) return false;
        string file = _file;
        _file = found.File;
        try
        {
            // <cell type="pointCellCondBased" ...> (LEMS_NML2_Ex4_KS) is the pointCellCondBased element written as a cell.
            bool point = found.Element.Name.LocalName == "pointCellCondBased" || (string?)found.Element.Attribute("type") == "pointCellCondBased";
            var parsed = point ? PointCellCondBased(found.Element) : ConductanceCell(found.Element, component);
            cell = new NeuroMlCell(component, found.Element.Name.LocalName, WithCalcium(found.Element, HodgkinHuxley(parsed)), 1, null) { Conductance = parsed };
        }
        finally
        {
            _file = file;
        }
        _cells[component] = cell;
        return true;
    }

    /// <summary>The engine's hh model of a cell: its capacitance, channels, threshold and start; synapses are added per population.</summary>
    private HodgkinHuxleyNeuronSpec HodgkinHuxley(NmlConductanceCell cell) => WithTemperatureChanges(new()
    {
        CapacitancePf = cell.CapacitancePf, Channels = cell.Channels, SpikeThresholdMv = cell.SpikeThresholdMv, InitialMv = cell.InitialMv,
        Concentrations = cell.Concentrations, Morphology = cell.Morphology, TemperatureCelsius = cell.Concentrations.Count > 0 || cell.Morphology is { Concentrations.Count: > 0 } ? TemperatureCelsius : new HodgkinHuxleyNeuronSpec().TemperatureCelsius,
    });

    /// <summary>A <c>&lt;cell&gt;</c> with one segment: its area, capacitance, channels (with the network's q10 factors), threshold and start.</summary>
    internal NmlConductanceCell ConductanceCell(XElement e, string id)
    {
        var morphology = Part(e, "morphology");
        var bio = Part(e, "biophysicalProperties");
        foreach (var x in e.Elements())
        {
            if (x.Name.LocalName is not ("morphology" or "biophysicalProperties" or "notes" or "annotation" or "property"))
                throw Fail(x, $"is <{x.Name.LocalName}>, which NeuroSharp does not read in a cell (a cell holds morphology and biophysicalProperties).");
        }
        var segments = morphology.Elements().Where(x => x.Name.LocalName == "segment").ToList();
        // One segment its section's numberInternalDivisions cuts is several compartments (NeuroMlReader.Morphology.cs, Divide).
        if (segments.Count > 1 || morphology.Elements().Any(g => g.Name.LocalName == "segmentGroup" && Divisions(g, Id(g)) > 1 && (string?)g.Attribute("neuroLexId") == UnbranchedSection))
            return MultiCompartmentCell(e, morphology, bio, segments);
        if (segments.Count == 0) throw Fail(e, "has no segments; a cell's morphology holds at least one segment.");
        var segment = segments[0];
        string segmentId = (string?)segment.Attribute("id") ?? throw Fail(segment, "has no id.");
        double area = SegmentArea(segment);
        var groups = SegmentGroups(morphology, segmentId);
        foreach (var x in morphology.Elements())
        {
            if (x.Name.LocalName is not ("segment" or "segmentGroup" or "notes" or "annotation" or "property"))
                throw Fail(x, $"is <{x.Name.LocalName}>, which NeuroSharp does not read in a morphology (segment, segmentGroup).");
        }

        double? capacitance = null, threshold = null, initial = null;
        var channels = new List<IonChannelSpec>();
        var sources = new List<(XElement Element, string? Ion)>();
        var pools = new List<ConcentrationPoolSpec>();
        foreach (var part in bio.Elements())
        {
            switch (part.Name.LocalName)
            {
                case "membraneProperties":
                    foreach (var x in part.Elements())
                    {
                        string name = x.Name.LocalName;
                        if (name is "notes" or "annotation" or "property") continue;
                        if (name is not ("channelPopulation" or "channelDensity" or "spikeThresh" or "specificCapacitance" or "initMembPotential" or "channelDensityNernst" or "channelDensityGHK" or "channelDensityGHK2"))
                        {
                            throw Fail(x, name.StartsWith("channel", StringComparison.Ordinal)
                                ? $"is <{name}>, which NeuroSharp does not simulate (its conductance depends on position or a shift, or it reads a second calcium pool); a cell's channels are channelDensity and channelPopulation with a fixed erev, channelDensityNernst, channelDensityGHK and channelDensityGHK2 (docs/neuroml.md)."
                                : $"is <{name}>, which NeuroSharp does not read in membraneProperties (channelDensity, channelPopulation, spikeThresh, specificCapacitance, initMembPotential).");
                        }
                        CheckGroup(x, groups, name == "channelPopulation" ? "segment" : "segmentGroup", segmentId);
                        int before = channels.Count;
                        switch (name)
                        {
                            case "channelDensityNernst" or "channelDensityGHK" or "channelDensityGHK2":
                                channels.Add(ConcentrationChannel(x, name, area));
                                break;
                            case "channelDensity":
                            {
                                var channel = ChannelOf(x);
                                double density = NonNegative(x, "condDensity", NeuroMlDimension.ConductanceDensity);
                                // S/m^2 is pS/um^2: density x area is in pS.
                                channels.AddRange(CellChannels(x, channel, density * area / 1000));
                                break;
                            }
                            case "channelPopulation":
                                channels.AddRange(ChannelPopulation(x));
                                break;
                            case "specificCapacitance":
                                if (capacitance is not null) throw Fail(x, "is a second specificCapacitance; a single-compartment cell has one.");
                                capacitance = Positive(x, "value", NeuroMlDimension.SpecificCapacitance) * area; // F/m^2 is pF/um^2
                                break;
                            case "spikeThresh":
                                if (threshold is not null) throw Fail(x, "is a second spikeThresh.");
                                threshold = Quantity(x, "value", NeuroMlDimension.Voltage);
                                break;
                            default:
                                if (initial is not null) throw Fail(x, "is a second initMembPotential.");
                                initial = Quantity(x, "value", NeuroMlDimension.Voltage);
                                break;
                        }
                        // One source per engine channel (a gateFractional's channel element gives one per subGate).
                        for (int k = before; k < channels.Count; k++) sources.Add((x, (string?)x.Attribute("ion")));
                    }
                    break;
                case "intracellularProperties":
                    foreach (var x in part.Elements())
                    {
                        switch (x.Name.LocalName)
                        {
                            case "resistivity":
                                CheckGroup(x, groups, "segmentGroup", segmentId);
                                Positive(x, "value", NeuroMlDimension.Resistivity); // one compartment has no axial current
                                break;
                            case "species":
                                var pool = Species(x, groups, segmentId, area);
                                if (pools.Exists(p => p.Ion == pool.Ion)) throw Fail(x, $"is a second species of ion '{pool.Ion}'; a cell has one pool per ion.");
                                pools.Add(pool);
                                break;
                            case "notes" or "annotation" or "property":
                                break;
                            default:
                                throw Fail(x, $"is <{x.Name.LocalName}>, which NeuroSharp does not read in intracellularProperties (resistivity, species).");
                        }
                    }
                    break;
                case "notes" or "annotation" or "property":
                    break;
                default:
                    throw Fail(part, $"is <{part.Name.LocalName}>, which NeuroSharp does not read in biophysicalProperties (membraneProperties, intracellularProperties).");
            }
        }
        var membrane = bio.Elements().FirstOrDefault(x => x.Name.LocalName == "membraneProperties") ?? throw Fail(bio, "has no membraneProperties.");
        if (capacitance is null) throw Fail(membrane, "has no specificCapacitance; the cell's capacitance is specificCapacitance x its area.");
        if (threshold is null) throw Fail(membrane, "has no spikeThresh; NeuroML's cell spikes when v crosses it upwards.");
        if (initial is null) throw Fail(membrane, "has no initMembPotential; NeuroML's cell starts there.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in channels)
        {
            if (!names.Add(c.Name)) throw Fail(membrane, $"has two channels with id '{c.Name}'.");
        }
        return new NmlConductanceCell(area, capacitance.Value, threshold.Value, initial.Value, WithIons(channels, sources, pools)) { Concentrations = pools, Opens = OpensIn(bio) };
    }

    /// <summary>
    /// pointCellCondBased: an absolute capacitance C, v0, thresh and channelPopulations (number x the channel's conductance), the
    /// same membrane as a one-segment cell without an area.
    /// </summary>
    private NmlConductanceCell PointCellCondBased(XElement e)
    {
        var channels = new List<IonChannelSpec>();
        foreach (var x in e.Elements())
        {
            switch (x.Name.LocalName)
            {
                case "channelPopulation":
                    channels.AddRange(ChannelPopulation(x));
                    break;
                case "notes" or "annotation" or "property":
                    break;
                default:
                    throw Fail(x, $"is <{x.Name.LocalName}>, which NeuroSharp does not read in a pointCellCondBased (channelPopulation).");
            }
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in channels)
        {
            if (!names.Add(c.Name)) throw Fail(e, $"has two channelPopulations with id '{c.Name}'.");
        }
        return new NmlConductanceCell(0, Positive(e, "C", NeuroMlDimension.Capacitance), Quantity(e, "thresh", NeuroMlDimension.Voltage),
            Quantity(e, "v0", NeuroMlDimension.Voltage), channels) { Opens = OpensIn(e) };
    }

    private IReadOnlyList<IonChannelSpec> ChannelPopulation(XElement x)
    {
        var channel = ChannelOf(x);
        double number = Quantity(x, "number", NeuroMlDimension.None);
        if (!(number >= 0 && number == Math.Floor(number))) throw Fail(x, $"@number is '{(string?)x.Attribute("number")}'; it must be a whole number of at least 0.");
        if (channel.ConductanceNs is not { } single)
            throw Fail(x, $"uses channel '{channel.Id}', which has no conductance attribute; a channelPopulation multiplies it by number.");
        return CellChannels(x, channel, number * single);
    }

    /// <summary>The cell's morphology or biophysicalProperties: its child, or the top-level element its attribute names.</summary>
    private XElement Part(XElement cell, string name)
    {
        var children = cell.Elements().Where(x => x.Name.LocalName == name).ToList();
        if (children.Count > 1) throw Fail(children[1], $"is a second {name}.");
        if (children.Count == 1) return children[0];
        if ((string?)cell.Attribute(name) is { Length: > 0 } reference)
        {
            if (_components.TryGetValue(reference, out var found) && found.Element.Name.LocalName == name) return found.Element;
            throw Fail(cell, $"@{name} is '{reference}', which names no <{name}> of the loaded files.");
        }
        throw Fail(cell, $"has no {name}.");
    }

    /// <summary>
    /// The segment's membrane area in um^2 as jLEMS computes it (Cells.xml): a sphere of the distal diameter d where the proximal and
    /// distal points coincide (4 pi r^2 = pi d^2), else the side of a cylinder of the distal diameter, pi d L.
    /// </summary>
    private double SegmentArea(XElement segment)
    {
        var distal = segment.Elements().FirstOrDefault(x => x.Name.LocalName == "distal") ?? throw Fail(segment, "has no distal point.");
        var proximal = segment.Elements().FirstOrDefault(x => x.Name.LocalName == "proximal")
            ?? throw Fail(segment, "has no proximal point; the one segment of a single-compartment cell needs both ends.");
        foreach (var x in segment.Elements())
        {
            if (x.Name.LocalName is not ("proximal" or "distal" or "parent" or "notes" or "annotation" or "property"))
                throw Fail(x, $"is <{x.Name.LocalName}>, which a segment does not have (proximal, distal).");
        }
        double Coordinate(XElement p, string a) => Quantity(p, a, NeuroMlDimension.None);
        double d = Positive(distal, "diameter", NeuroMlDimension.None);
        Positive(proximal, "diameter", NeuroMlDimension.None);
        double dx = Coordinate(distal, "x") - Coordinate(proximal, "x");
        double dy = Coordinate(distal, "y") - Coordinate(proximal, "y");
        double dz = Coordinate(distal, "z") - Coordinate(proximal, "z");
        double length = Math.Sqrt(dx * dx + dy * dy + dz * dz);
        double r = d / 2;
        return length == 0 ? 4 * r * r * LemsPi : 2 * r * LemsPi * length;
    }

    /// <summary>The ids of the segment groups that hold the one segment (by member, include, path or subTree from it), and "all".</summary>
    private HashSet<string> SegmentGroups(XElement morphology, string segmentId)
    {
        var groups = morphology.Elements().Where(x => x.Name.LocalName == "segmentGroup").ToList();
        var holding = new HashSet<string>(StringComparer.Ordinal) { "all" };
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var g in groups)
            {
                string gid = Id(g);
                if (holding.Contains(gid)) continue;
                bool holds = g.Elements().Any(x => x.Name.LocalName switch
                {
                    "member" => (string?)x.Attribute("segment") == segmentId,
                    "include" => holding.Contains((string?)x.Attribute("segmentGroup") ?? ""),
                    "path" or "subTree" => x.Elements().Any(f => f.Name.LocalName == "from" && (string?)f.Attribute("segment") == segmentId),
                    _ => false,
                });
                if (holds && holding.Add(gid)) changed = true;
            }
        }
        return holding;
    }

    /// <summary>A property given on a segment group (or segment) must cover the one segment: "all", a group that holds it, or no group.</summary>
    private void CheckGroup(XElement x, HashSet<string> groups, string attribute, string segmentId)
    {
        if ((string?)x.Attribute(attribute) is not { } group) return;
        bool fine = attribute == "segment" ? group == segmentId : groups.Contains(group);
        if (!fine)
            throw Fail(x, $"@{attribute} is '{group}', which does not hold the cell's one segment ({segmentId}); NeuroSharp's single-compartment cells take values on \"all\" or on a group that holds that segment.");
    }

    private NmlIonChannel ChannelOf(XElement x)
    {
        string id = Text(x, "ionChannel");
        if (_ionChannels.TryGetValue(id, out var channel)) return channel;
        if (_ionChannelElements.TryGetValue(id, out var found))
        {
            string file = _file;
            _file = found.File;
            try
            {
                channel = IonChannel(found.Element, id, found.Element.Name.LocalName);
            }
            finally
            {
                _file = file;
            }
            _ionChannels[id] = channel;
            return channel;
        }
        throw Fail(x, _components.TryGetValue(id, out var other)
            ? $"@ionChannel is '{id}', a <{other.Element.Name.LocalName}>, not an ion channel."
            : $"@ionChannel is '{id}', which no loaded file defines.");
    }

    private IonChannelSpec CellChannel(XElement x, NmlIonChannel channel, double conductanceNs)
    {
        double erev = Quantity(x, "erev", NeuroMlDimension.Voltage);
        double scale = Q10Factor(channel.Scaling);
        FixedScaling(channel.Scaling);
        var gates = channel.Gates.Select(g => g.ToGate(Q10Factor(g.Q10), Q10Base(g.Q10))).ToList();
        return new IonChannelSpec(Id(x), conductanceNs * scale, erev, gates);
    }
}
