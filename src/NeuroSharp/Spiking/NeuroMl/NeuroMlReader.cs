using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// Turns a NeuroML 2 document (with its includes) into a <see cref="NetworkSpec"/>: the point cells,
/// synapses, gap junctions, inputs, populations and projections that docs/neuroml.md lists, each
/// converted exactly to the engine's units. Anything else is refused with the file, line, position,
/// element path and a sentence saying what is not supported.
/// </summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>A pulse that lasts this long or longer is on for the whole run (the exporter writes it for a current without end).</summary>
    internal const double EndlessMs = 1e9;

    private readonly Dictionary<string, (string File, XElement Element)> _components = new(StringComparer.Ordinal);
    private readonly Dictionary<string, XElement> _componentTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NeuroMlCell> _cells = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NeuroMlSynapse> _synapses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _gapJunctions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NeuroMlPulse> _pulses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NeuroMlPoissonInput> _poissonInputs = new(StringComparer.Ordinal);
    private readonly List<(string File, XElement Network)> _networks = [];
    private string _file = "";
    private double? _runDtMs, _runDurationMs;
    private IDictionary<string, IReadOnlyDictionary<string, int>>? _instances;

    /// <summary>The elements read and ignored because they carry no dynamics.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "notes", "annotation", "include", "property" };

    /// <summary>
    /// The elements of a LEMS file's root that describe the run, not the model (read by <see cref="LemsFile"/>), or that LEMS
    /// needs for its own type system (dimensions, units), which NeuroSharp's unit table replaces.
    /// </summary>
    private static readonly HashSet<string> LemsElements = new(StringComparer.Ordinal) { "Target", "Include", "Simulation", "Dimension", "Unit" };

    /// <summary>Reads the components of every document, then the one network (or, for a LEMS file, the network its Simulation targets).</summary>
    /// <param name="source">The documents.</param>
    /// <param name="networkId">The network a LEMS Simulation targets (null: the one network).</param>
    /// <param name="targetedBy">The Simulation, for the refusal when no network has that id.</param>
    /// <param name="runDtMs">The run's step where a LEMS file (or an option) gives it, instead of the network's recommended_dt_ms.</param>
    /// <param name="runDurationMs">The run's length where a LEMS file (or an option) gives it, instead of recommended_duration_ms.</param>
    /// <param name="instances">Filled, when given, with each population of instances: its instance ids and their positions (LEMS outputs name cells by id).</param>
    /// <param name="recordables">Filled, when given, with the LEMS variables of each population whose cell records variables other than its engine model's (abstract and PyNN cells, iafActivityCell).</param>
    public static NetworkSpec Read(NeuroMlSource source, string? networkId = null, XElement? targetedBy = null, double? runDtMs = null, double? runDurationMs = null,
        IDictionary<string, IReadOnlyDictionary<string, int>>? instances = null, IDictionary<string, IReadOnlyDictionary<string, NeuroMlRecordable>>? recordables = null)
    {
        var reader = new NeuroMlReader { _runDtMs = runDtMs, _runDurationMs = runDurationMs, _instances = instances, _recordables = recordables };
        // Component types first: a cell in the main file may name a type that an included file defines.
        foreach (var (_, root) in source.Documents)
        {
            foreach (var t in root.Elements().Where(e => e.Name.LocalName == "ComponentType"))
            {
                if ((string?)t.Attribute("name") is { } typeName) reader._componentTypes[typeName] = t;
            }
        }
        foreach (var (file, root) in source.Documents)
        {
            reader._file = file;
            foreach (var e in root.Elements()) reader.Component(e);
        }
        if (networkId is not null)
        {
            int k = reader._networks.FindIndex(n => (string?)n.Network.Attribute("id") == networkId || reader.TissueOf(n.Network) == networkId);
            if (k < 0)
            {
                string known = reader._networks.Count == 0 ? "the files define no <network>" : "networks: " + string.Join(", ", reader._networks.Select(n => (string?)n.Network.Attribute("id")));
                throw new InvalidInputException($"{NeuroMlSource.At(source.Documents[0].File, targetedBy!)}: {NeuroMlSource.PathOf(targetedBy!)} @target is '{networkId}', which names no network of the loaded files ({known}).");
            }
            return reader.Network(reader._networks[k].File, reader._networks[k].Network);
        }
        if (reader._networks.Count == 0)
            throw new InvalidInputException($"{source.Documents[0].File}: the NeuroML document has no <network>; NeuroSharp simulates networks (wrap the cells in a <network> with populations).");
        // A network in an included file is that file's own demonstration: the including file's one network is the one to run.
        var own = reader._networks.Where(n => n.File == source.Documents[0].File).ToList();
        if (reader._networks.Count > 1 && own.Count == 1) return reader.Network(own[0].File, own[0].Network);
        if (reader._networks.Count > 1)
        {
            var (file, second) = own.Count > 1 ? own[1] : reader._networks[1];
            throw new InvalidInputException($"{NeuroMlSource.At(file, second)}: {NeuroMlSource.PathOf(second)} is a second network; NeuroSharp reads one network per file.");
        }
        return reader.Network(reader._networks[0].File, reader._networks[0].Network);
    }

    private void Component(XElement e)
    {
        string name = e.Name.LocalName;
        if (Ignored.Contains(name)) return;
        if (LemsElements.Contains(name) && e.Parent?.Name.LocalName == "Lems") return; // the run: LemsFile reads it
        if (name == "Component" && (string?)e.Attribute("type") == "Simulation" && e.Parent?.Name.LocalName == "Lems") return; // the same, in LEMS's generic form
        if (name == "ComponentType") return; // read first, in Read
        if (name == "network")
        {
            _networks.Add((_file, e));
            return;
        }
        string id = Id(e);
        if (_components.TryGetValue(id, out var first))
            throw Fail(e, $"has id '{id}', which {NeuroMlSource.At(first.File, first.Element)} already uses; ids must be unique.");
        _components[id] = (_file, e);
        switch (name)
        {
            case "iafCell":
            case "iafRefCell":
                _cells[id] = Iaf(e, id, name);
                break;
            case "iafTauCell":
            case "iafTauRefCell":
                _cells[id] = IafTau(e, id, name);
                break;
            case "adExIaFCell":
                _cells[id] = AdEx(e, id);
                break;
            case "izhikevich2007Cell":
                _cells[id] = Izhikevich2007(e, id);
                break;
            case "izhikevichCell":
                _cells[id] = Izhikevich(e, id);
                break;
            case "cell" or "pointCellCondBased":
                _conductanceCells[id] = (_file, e); // read when a population uses it, at the network's temperature
                break;
            case "ionChannel" or "ionChannelHH" or "ionChannelPassive" or "ionChannelKS":
                _ionChannelElements[id] = (_file, e); // read when a cell uses it (c302's cell_C.xml defines channels its C0 cells do not use)
                break;
            case "morphology" or "biophysicalProperties":
                break; // a cell names it by its attribute
            case "decayingPoolConcentrationModel" or "fixedFactorConcentrationModel" or "fixedFactorConcentrationModelTraub" or "concentrationModel":
                _concentrationModels[id] = (_file, e); // read when a cell's species uses it (NeuroMlReader.Concentrations.cs)
                break;
            case "spikeArray":
                _cells[id] = SpikeArray(e, id);
                break;
            case "spikeGenerator":
                _cells[id] = new NeuroMlCell(id, name, new SpikeTimesSourceSpec(), 1, null) { PeriodMs = Positive(e, "period"), Source = e };
                break;
            case "spikeGeneratorPoisson":
                _cells[id] = new NeuroMlCell(id, name, new PoissonSourceSpec { RateHz = Quantity(e, "averageRate", NeuroMlDimension.Frequency) }, 1, null);
                break;
            case "expOneSynapse":
                _synapses[id] = new NeuroMlSynapse(id, Quantity(e, "gbase", NeuroMlDimension.Conductance), Positive(e, "tauDecay"), 0, Quantity(e, "erev", NeuroMlDimension.Voltage));
                break;
            case "expTwoSynapse":
                double decay = Positive(e, "tauDecay");
                double rise = Quantity(e, "tauRise", NeuroMlDimension.Time);
                if (rise < 0 || rise > decay)
                    throw Fail(e, $"has tauRise {Show(rise)} ms; NeuroSharp's channels need 0 <= tauRise <= tauDecay ({Show(decay)} ms).");
                _synapses[id] = new NeuroMlSynapse(id, Quantity(e, "gbase", NeuroMlDimension.Conductance), decay, rise, Quantity(e, "erev", NeuroMlDimension.Voltage));
                break;
            case "alphaSynapse":
                double tau = Positive(e, "tau");
                _synapses[id] = new NeuroMlSynapse(id, Quantity(e, "gbase", NeuroMlDimension.Conductance), tau, tau, Quantity(e, "erev", NeuroMlDimension.Voltage));
                break;
            case "gapJunction":
                _gapJunctions[id] = NonNegative(e, "conductance", NeuroMlDimension.Conductance);
                break;
            case "pulseGenerator":
                _pulses[id] = new NeuroMlPulse(id, NonNegative(e, "delay", NeuroMlDimension.Time), NonNegative(e, "duration", NeuroMlDimension.Time),
                    Quantity(e, "amplitude", NeuroMlDimension.Current));
                break;
            case "pulseGeneratorDL":
                _pulses[id] = new NeuroMlPulse(id, NonNegative(e, "delay", NeuroMlDimension.Time), NonNegative(e, "duration", NeuroMlDimension.Time),
                    Quantity(e, "amplitude", NeuroMlDimension.None)) { Dimensionless = true, Element = name };
                break;
            case "rampGenerator" or "rampGeneratorDL" or "sineGenerator" or "sineGeneratorDL":
                _pulses[id] = Generator(e, id, name);
                break;
            case "poissonFiringSynapse":
                _poissonInputs[id] = new NeuroMlPoissonInput(id, NonNegative(e, "averageRate", NeuroMlDimension.Frequency), Text(e, "synapse"));
                break;
            case "transientPoissonFiringSynapse":
                _poissonInputs[id] = new NeuroMlPoissonInput(id, NonNegative(e, "averageRate", NeuroMlDimension.Frequency), Text(e, "synapse"))
                {
                    Transient = (e, NonNegative(e, "delay", NeuroMlDimension.Time), NonNegative(e, "duration", NeuroMlDimension.Time)),
                };
                break;
            default:
                if (!ReadSynapse(e, id, name) && !ReadGraded(e, id, name) && !ReadAbstract(e, id, name) && !ReadTissue(e, id, name)) throw Unsupported(e);
                break;
        }
    }

    private NeuroMlCell Iaf(XElement e, string id, string name)
    {
        CheckExtension(e, name);
        double c = Positive(e, "C", NeuroMlDimension.Capacitance);
        double g = Positive(e, "leakConductance", NeuroMlDimension.Conductance);
        double rest = Quantity(e, "leakReversal", NeuroMlDimension.Voltage);
        double reset = Quantity(e, "reset", NeuroMlDimension.Voltage);
        double thresh = Quantity(e, "thresh", NeuroMlDimension.Voltage);
        if (!(reset < thresh)) throw Fail(e, $"has reset {Show(reset)} mV, not below thresh {Show(thresh)} mV; the cell would fire on every step.");
        double refract = name == "iafRefCell" ? NonNegative(e, "refract", NeuroMlDimension.Time) : 0;
        var model = new ConductanceLifNeuronSpec
        {
            TauMs = c / g, RestMv = rest, ResetMv = reset, ThresholdMv = thresh, RefractoryMs = refract,
        };
        // NeuroML starts an iafCell and an iafRefCell at leakReversal (Cells.xml's OnStart v = leakReversal, since NeuroML2 commit
        // 69e33c5, 2015), as the engine starts a conductance LIF at rest; one whose leakReversal is above thresh fires on its first step.
        return new NeuroMlCell(id, name, model, g, null) { Recorded = ActivityOf(e, model) };
    }

    /// <summary>
    /// iafTauCell: tau dv/dt = leakReversal - v, no input current (its LEMS type has none); it starts at leakReversal, as the
    /// engine's conductance LIF starts at rest. iafTauRefCell adds refract.
    /// </summary>
    private NeuroMlCell IafTau(XElement e, string id, string name)
    {
        double rest = Quantity(e, "leakReversal", NeuroMlDimension.Voltage);
        double reset = Quantity(e, "reset", NeuroMlDimension.Voltage);
        double thresh = Quantity(e, "thresh", NeuroMlDimension.Voltage);
        if (!(reset < thresh)) throw Fail(e, $"has reset {Show(reset)} mV, not below thresh {Show(thresh)} mV; the cell would fire on every step.");
        var model = new ConductanceLifNeuronSpec
        {
            TauMs = Positive(e, "tau"), RestMv = rest, ResetMv = reset, ThresholdMv = thresh,
            RefractoryMs = name == "iafTauRefCell" ? NonNegative(e, "refract", NeuroMlDimension.Time) : 0,
        };
        return new NeuroMlCell(id, name, model, 1, null);
    }

    private NeuroMlCell AdEx(XElement e, string id)
    {
        double delT = Positive(e, "delT", NeuroMlDimension.Voltage);
        var model = new AdExNeuronSpec
        {
            CapacitancePf = Positive(e, "C", NeuroMlDimension.Capacitance),
            LeakNs = Positive(e, "gL", NeuroMlDimension.Conductance),
            RestMv = Quantity(e, "EL", NeuroMlDimension.Voltage),
            ThresholdMv = Quantity(e, "VT", NeuroMlDimension.Voltage),
            SlopeMv = delT,
            PeakMv = Quantity(e, "thresh", NeuroMlDimension.Voltage),
            ResetMv = Quantity(e, "reset", NeuroMlDimension.Voltage),
            AdaptationNs = Quantity(e, "a", NeuroMlDimension.Conductance),
            SpikeAdaptationPa = Quantity(e, "b", NeuroMlDimension.Current),
            TauWMs = Positive(e, "tauw"),
            RefractoryMs = NonNegative(e, "refract", NeuroMlDimension.Time),
        };
        return new NeuroMlCell(id, "adExIaFCell", model, 1, null);
    }

    private NeuroMlCell Izhikevich2007(XElement e, string id)
    {
        var model = new Izhikevich2007NeuronSpec
        {
            CapacitancePf = Positive(e, "C", NeuroMlDimension.Capacitance),
            KNsPerMv = Positive(e, "k", NeuroMlDimension.ConductancePerVoltage),
            RestMv = Quantity(e, "vr", NeuroMlDimension.Voltage),
            ThresholdMv = Quantity(e, "vt", NeuroMlDimension.Voltage),
            PeakMv = Quantity(e, "vpeak", NeuroMlDimension.Voltage),
            A = Positive(e, "a", NeuroMlDimension.Frequency) / 1000, // Hz to 1/ms
            BNs = Quantity(e, "b", NeuroMlDimension.Conductance),
            ResetMv = Quantity(e, "c", NeuroMlDimension.Voltage),
            DPa = Quantity(e, "d", NeuroMlDimension.Current),
        };
        if (!(model.ResetMv < model.PeakMv)) throw Fail(e, $"has c {Show(model.ResetMv)} mV, not below vpeak {Show(model.PeakMv)} mV.");
        double v0 = Quantity(e, "v0", NeuroMlDimension.Voltage);
        // NeuroML starts it at v0 with u = 0; the engine at v_r with u = 0.
        return new NeuroMlCell(id, "izhikevich2007Cell", model, 1, v0 == model.RestMv ? null : v0);
    }

    /// <summary>
    /// izhikevichCell, Izhikevich's 2003 form in NeuroML's units: v in mV, t in ms, a, b, c, d and the input current
    /// dimensionless; that is the engine's <c>izhikevich</c> model with v_peak = thresh. NeuroML starts it at v = v0, U = b v0;
    /// the engine at v = c, U = b v (the engine's U follows v when only v is given).
    /// </summary>
    private NeuroMlCell Izhikevich(XElement e, string id)
    {
        var model = new IzhikevichNeuronSpec
        {
            A = Positive(e, "a", NeuroMlDimension.None),
            B = Quantity(e, "b", NeuroMlDimension.None),
            C = Quantity(e, "c", NeuroMlDimension.None),
            D = Quantity(e, "d", NeuroMlDimension.None),
            PeakMv = Quantity(e, "thresh", NeuroMlDimension.Voltage),
        };
        if (!(model.C < model.PeakMv)) throw Fail(e, $"has c {Show(model.C)} (mV), not below thresh {Show(model.PeakMv)} mV; the cell would fire on every step.");
        return new NeuroMlCell(id, "izhikevichCell", model, 1, Quantity(e, "v0", NeuroMlDimension.Voltage));
    }

    /// <summary>spikeArray: one source that spikes at its <c>&lt;spike time&gt;</c>s (the engine's <c>spikeTimes</c> source).</summary>
    private NeuroMlCell SpikeArray(XElement e, string id)
    {
        var times = new List<double>();
        foreach (var x in e.Elements())
        {
            switch (x.Name.LocalName)
            {
                case "spike":
                    times.Add(NonNegative(x, "time", NeuroMlDimension.Time));
                    break;
                case "notes" or "annotation" or "property":
                    break;
                default:
                    throw Unsupported(x);
            }
        }
        times.Sort();
        return new NeuroMlCell(id, "spikeArray", new SpikeTimesSourceSpec(), 1, null) { SpikeTimesMs = times, Source = e };
    }

    /// <summary>
    /// <c>&lt;iafCell type="X"&gt;</c> names a LEMS extension of iafCell (c302's level B uses iafActivityCell). It is
    /// accepted only where the extension keeps iafCell's membrane equation and spike condition, so that its
    /// extra state (an activity trace) does not act on v and can be left out.
    /// </summary>
    private void CheckExtension(XElement e, string name)
    {
        if ((string?)e.Attribute("type") is not { } type || type == name) return;
        if (!_componentTypes.TryGetValue(type, out var ct))
            throw Fail(e, $"has type '{type}', a component type that no included file defines; include its LEMS definition or use <{name}> itself.");
        string? extends = (string?)ct.Attribute("extends");
        var dynamics = ct.Elements().FirstOrDefault(x => x.Name.LocalName == "Dynamics");
        string? Value(string element, string attribute, string variable) => dynamics?.Descendants()
            .FirstOrDefault(x => x.Name.LocalName == element && ((string?)x.Attribute(attribute)) == variable) is { } d ? Squash((string?)d.Attribute("value")) : null;
        bool keepsMembrane = extends == name && name == "iafCell"
            && Value("TimeDerivative", "variable", "v") == "iMemb/C"
            && Value("DerivedVariable", "name", "iMemb") == "leakConductance*(leakReversal-v)+iSyn"
            && dynamics!.Descendants().Any(x => x.Name.LocalName == "OnCondition" && Squash((string?)x.Attribute("test")) == "v.gt.thresh"
                && x.Elements().Any(a => a.Name.LocalName == "StateAssignment" && (string?)a.Attribute("variable") == "v" && Squash((string?)a.Attribute("value")) == "reset"));
        if (!keepsMembrane)
            throw Fail(e, $"has type '{type}', a LEMS component type whose membrane equation is not iafCell's; NeuroSharp simulates only the NeuroML core cells (docs/neuroml.md).");
    }

    private static string? Squash(string? text) => text is null ? null : string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private string Id(XElement e) =>
        (string?)e.Attribute("id") is { Length: > 0 } id ? id : throw Fail(e, "has no id.");

    /// <summary>A refusal that names the file, line, position and element path.</summary>
    private InvalidInputException Fail(XElement e, string message) =>
        new($"{NeuroMlSource.At(_file, e)}: {NeuroMlSource.PathOf(e)} {message}");

    private InvalidInputException Unsupported(XElement e) =>
        Fail(e, $"is <{e.Name.LocalName}>, which NeuroSharp does not simulate (supported: {Supported}; docs/neuroml.md).");

    /// <summary>The supported elements, for refusals.</summary>
    internal const string Supported = "iafCell, iafRefCell, iafTauCell, iafTauRefCell, izhikevichCell, izhikevich2007Cell, adExIaFCell, cell (of one segment or several) and pointCellCondBased with ionChannel, ionChannelHH, ionChannelPassive, ionChannelKS, spikeGeneratorPoisson, spikeArray, spikeGenerator, spikeGeneratorRandom, spikeGeneratorRefPoisson, expOneSynapse, expTwoSynapse, alphaSynapse, alphaCurrentSynapse (onto iafCell), blockingPlasticSynapse (with voltageConcDepBlockMechanism onto hh- and iaf-mapped cells, tsodyksMarkramDepMechanism or tsodyksMarkramDepFacMechanism), silentSynapse, expThreeSynapse, doubleSynapse, linearGradedSynapse, gradedSynapse, c302's gradedSynapse2, gapJunction, "
        + "pulseGenerator, pulseGeneratorDL, rampGenerator, rampGeneratorDL, sineGenerator, sineGeneratorDL, compoundInput, compoundInputDL, timedSynapticInput, poissonFiringSynapse, transientPoissonFiringSynapse, voltageClamp, voltageClampTriple, fitzHughNagumoCell, fitzHughNagumo1969Cell, pinskyRinzelCA3Cell, hindmarshRose1984Cell, IF_curr_alpha, IF_curr_exp, IF_cond_alpha, IF_cond_exp, EIF_cond_exp_isfa_ista and EIF_cond_alpha_isfa_ista, HH_cond_exp, SpikeSourcePoisson, expCondSynapse, alphaCondSynapse, expCurrSynapse, alphaCurrSynapse, network with population, projection (connection, connectionWD), synapticConnection(WD), electricalProjection, continuousProjection, inputList (input), explicitInput";

    private string Text(XElement e, string attribute) =>
        (string?)e.Attribute(attribute) is { Length: > 0 } v ? v : throw Fail(e, $"has no {attribute} attribute.");

    private double Quantity(XElement e, string attribute, NeuroMlDimension dimension)
    {
        string text = Text(e, attribute);
        if (NeuroMlUnits.TryParse(text, dimension, out double value) is { } problem)
            throw Fail(e, $"@{attribute} is '{text}', {problem}.");
        return value;
    }

    private double? OptionalQuantity(XElement e, string attribute, NeuroMlDimension dimension) =>
        e.Attribute(attribute) is null ? null : Quantity(e, attribute, dimension);

    private double Positive(XElement e, string attribute, NeuroMlDimension dimension = NeuroMlDimension.Time)
    {
        double v = Quantity(e, attribute, dimension);
        return v > 0 ? v : throw Fail(e, $"@{attribute} is {Show(v)} {NeuroMlUnits.EngineUnit(dimension)}; it must be above 0.");
    }

    private double NonNegative(XElement e, string attribute, NeuroMlDimension dimension)
    {
        double v = Quantity(e, attribute, dimension);
        return v >= 0 ? v : throw Fail(e, $"@{attribute} is {Show(v)} {NeuroMlUnits.EngineUnit(dimension)}; it must be at least 0.");
    }

    private static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\.\./)?(?<pop>[^/\[\]]+)(\[(?<i>\d+)\]|/(?<i>\d+)(/[^/]*)?)$")]
    private static partial Regex CellReference();
}
