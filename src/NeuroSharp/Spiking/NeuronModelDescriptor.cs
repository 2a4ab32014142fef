using System.Text.Json;

namespace NeuroSharp.Spiking;

/// <summary>How a model parameter is written in a network file.</summary>
public enum ModelParameterKind
{
    /// <summary>A number.</summary>
    Number,

    /// <summary>A whole number.</summary>
    Int,

    /// <summary>A transmitter amount, <c>[activator, inhibitor]</c>.</summary>
    Amount,

    /// <summary>A list of numbers.</summary>
    Numbers,

    /// <summary>A list of whole numbers.</summary>
    Ints,

    /// <summary>An optional object <c>{"incrementMv", "tauMs"}</c> (<see cref="AdaptiveThresholdSpec"/>).</summary>
    AdaptiveThreshold,

    /// <summary>An optional <c>true</c> or <c>false</c>, false unless written.</summary>
    Flag,

    /// <summary>A list of ion channels with their gates (<see cref="IonChannelSpec"/>, docs/formats.md).</summary>
    Channels,

    /// <summary>An optional list of ion concentration pools (<see cref="ConcentrationPoolSpec"/>, docs/formats.md).</summary>
    Concentrations,

    /// <summary>An optional multi-compartment morphology (<see cref="MorphologySpec"/>, docs/spiking-multicompartment.md).</summary>
    Morphology,
    /// <summary>Text, a list of texts, or an object of names (an equations model's fields, docs/spiking-equations.md).</summary>
    Text,

    /// <summary>An optional list of synaptic ports (<see cref="SynapticPortSpec"/>, docs/spiking-hh.md).</summary>
    Ports,
}

/// <summary>One row of a model's parameter table: its name in the file's "params", unit, default and meaning.</summary>
/// <param name="Name">The JSON name, e.g. "tauMs".</param>
/// <param name="Unit">The unit ("ms", "mV", "" for none).</param>
/// <param name="Kind">How it is written.</param>
/// <param name="Default">The default, as the file writes it (the model's parameterless spec), or "" when there is none.</param>
/// <param name="Doc">What it means; the range it must lie in is checked by the spec's <c>Validate</c>.</param>
public sealed record ModelParameter(string Name, string Unit, ModelParameterKind Kind, string Default, string Doc)
{
    /// <summary>True for a parameter a file may leave out (its default then applies, and it is written only when it differs).</summary>
    public bool Optional { get; init; }
}

/// <summary>The range a display scales a model's membrane potential to: each end a parameter's value, else a fixed value.</summary>
/// <param name="LowParameter">The parameter giving the low end, or null.</param>
/// <param name="Low">The low end when there is no such parameter.</param>
/// <param name="HighParameter">The parameter giving the high end, or null.</param>
/// <param name="High">The high end when there is no such parameter.</param>
public sealed record VoltageRange(string? LowParameter, double Low, string? HighParameter, double High)
{
    /// <summary>From the resting potential to the threshold (the studio's default).</summary>
    public static VoltageRange RestToThreshold { get; } = new("restMv", -70, "thresholdMv", -50);
}

/// <summary>
/// Everything the file format, validation, the studio and the docs know about one neuron model, in one
/// place: its file name, presets, parameter table, state variables, and how "params" are read and written.
/// <see cref="NeuronModels.All"/> lists the descriptors; the engine makes a model's population from a
/// factory registered for its spec type (<c>Simulation.PopulationFactories</c>).
/// </summary>
public abstract class NeuronModelDescriptor
{
    private protected NeuronModelDescriptor(string name, Type specType, string doc)
    {
        Name = name;
        SpecType = specType;
        Doc = doc;
    }

    /// <summary>The model's name in a network file, e.g. "lif".</summary>
    public string Name { get; }

    /// <summary>Its spec record type.</summary>
    public Type SpecType { get; }

    /// <summary>One line on what it is.</summary>
    public string Doc { get; }

    /// <summary>Named full parameter sets ("params" in the file override them), in the order the docs list them.</summary>
    public abstract IReadOnlyDictionary<string, NeuronModelSpec> Presets { get; }

    /// <summary>The parameters of "params", in the order they are read, required first.</summary>
    public abstract IReadOnlyList<ModelParameter> Parameters { get; }

    /// <summary>True for a spike source, which receives no input.</summary>
    public bool IsSource { get; private protected init; }

    /// <summary>The range the studio scales v to (its bar under each neuron).</summary>
    public VoltageRange Voltage { get; private protected set; } = VoltageRange.RestToThreshold;

    /// <summary>The state variables a state monitor can record for a model of this kind.</summary>
    /// <param name="model">The model (an instance of <see cref="SpecType"/>).</param>
    /// <returns>The variable names.</returns>
    public abstract IReadOnlyList<string> StateVariables(NeuronModelSpec model);

    /// <summary>Reads "params" (each parameter from the file, else from the preset).</summary>
    internal abstract NeuronModelSpec Read(JsonElement? element, string path, NeuronModelSpec? preset);

    /// <summary>Writes the members of "params".</summary>
    internal abstract void Write(Utf8JsonWriter w, NeuronModelSpec model);
}

/// <summary>
/// A model's descriptor built from its parameter table: <c>new NeuronModelDescriptor&lt;MySpec&gt;("mine", "...")
/// .Preset("name", MySpec.Named).Number("tauMs", "ms", "...", s =&gt; s.TauMs, (s, v) =&gt; s with { TauMs = v })
/// .Variables(_ =&gt; ["v", "ge", "gi"])</c>. Reading and writing loop over the table; a model whose
/// "params" do not fit a table (the spike sources) gives its own <see cref="ReadWith"/> and <see cref="WriteWith"/>.
/// </summary>
/// <typeparam name="TSpec">The model's spec record; its parameterless instance holds the defaults.</typeparam>
public sealed class NeuronModelDescriptor<TSpec> : NeuronModelDescriptor where TSpec : NeuronModelSpec, new()
{
    private readonly Dictionary<string, NeuronModelSpec> _presets = new(StringComparer.Ordinal);
    private readonly List<ModelParameter> _parameters = [];
    private readonly List<Func<ModelParameters, TSpec?, TSpec, TSpec>> _readers = [];
    private readonly List<Action<Utf8JsonWriter, TSpec>> _writers = [];
    private readonly TSpec _defaults = new();
    private Func<TSpec, IReadOnlyList<string>> _variables = _ => [];
    private Func<ModelParameters, TSpec>? _read;
    private Action<Utf8JsonWriter, TSpec>? _write;
    private string[] _optionalNames = [];

    /// <summary>Starts a descriptor with no presets and no parameters.</summary>
    /// <param name="name">The model's name in a network file.</param>
    /// <param name="doc">One line on what it is.</param>
    /// <param name="isSource">True for a spike source (it receives no input).</param>
    public NeuronModelDescriptor(string name, string doc, bool isSource = false)
        : base(name, typeof(TSpec), doc)
    {
        IsSource = isSource;
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, NeuronModelSpec> Presets => _presets;

    /// <inheritdoc/>
    public override IReadOnlyList<ModelParameter> Parameters => _parameters;

    /// <summary>Adds a preset.</summary>
    /// <param name="name">Its name in the file's "preset".</param>
    /// <param name="spec">Its full parameter set.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> Preset(string name, TSpec spec)
    {
        _presets.Add(name, spec);
        return this;
    }

    /// <summary>Adds a number parameter.</summary>
    /// <param name="name">Its JSON name.</param>
    /// <param name="unit">Its unit.</param>
    /// <param name="doc">What it means.</param>
    /// <param name="get">Reads it from a spec.</param>
    /// <param name="set">A spec with it set.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> Number(string name, string unit, string doc, Func<TSpec, double> get, Func<TSpec, double, TSpec> set)
    {
        _parameters.Add(new ModelParameter(name, unit, ModelParameterKind.Number, Format(get(_defaults)), doc));
        _readers.Add((p, preset, s) => set(s, p.Number(name, preset is null ? null : get(preset))));
        _writers.Add((w, s) => w.WriteNumber(name, get(s)));
        return this;
    }

    /// <summary>Adds an optional number parameter: absent from "params" it is the preset's, else the default; written only when it differs from the default (so files written before it existed read and write unchanged).</summary>
    /// <param name="name">Its JSON name.</param>
    /// <param name="unit">Its unit.</param>
    /// <param name="doc">What it means.</param>
    /// <param name="get">Reads it from a spec.</param>
    /// <param name="set">A spec with it set.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> OptionalNumber(string name, string unit, string doc, Func<TSpec, double> get, Func<TSpec, double, TSpec> set)
    {
        double fallback = get(_defaults);
        // A NaN fallback means "not set" (nothing to show as a default).
        _parameters.Add(new ModelParameter(name, unit, ModelParameterKind.Number, double.IsNaN(fallback) ? "" : Format(fallback), doc + " (optional)") { Optional = true });
        _optionalNames = [.. _optionalNames, name];
        _readers.Add((p, preset, s) => set(s, p.OptionalNumber(name) ?? (preset is null ? fallback : get(preset))));
        _writers.Add((w, s) =>
        {
            double v = get(s);
            if (!v.Equals(fallback)) w.WriteNumber(name, v);
        });
        return this;
    }

    /// <summary>Adds an optional list of numbers: absent from "params" it is the preset's, else empty; written only when not empty.</summary>
    /// <param name="name">Its JSON name.</param>
    /// <param name="unit">Its unit.</param>
    /// <param name="doc">What it means.</param>
    /// <param name="get">Reads it from a spec.</param>
    /// <param name="set">A spec with it set.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> OptionalNumbers(string name, string unit, string doc, Func<TSpec, IReadOnlyList<double>> get, Func<TSpec, IReadOnlyList<double>, TSpec> set)
    {
        _parameters.Add(new ModelParameter(name, unit, ModelParameterKind.Numbers, "", doc + " (optional)") { Optional = true });
        _optionalNames = [.. _optionalNames, name];
        _readers.Add((p, preset, s) => set(s, p.OptionalNumbers(name) ?? (preset is null ? get(_defaults) : get(preset))));
        _writers.Add((w, s) =>
        {
            if (get(s).Count > 0) NetworkFileWriter.Numbers(w, name, get(s));
        });
        return this;
    }

    /// <summary>Adds an optional flag: absent from "params" it is the preset's, else false; written only when true (so files written before it existed read and write unchanged).</summary>
    /// <param name="name">Its JSON name.</param>
    /// <param name="doc">What it means.</param>
    /// <param name="get">Reads it from a spec.</param>
    /// <param name="set">A spec with it set.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> OptionalFlag(string name, string doc, Func<TSpec, bool> get, Func<TSpec, bool, TSpec> set)
    {
        _parameters.Add(new ModelParameter(name, "", ModelParameterKind.Flag, get(_defaults) ? "true" : "false", doc + " (optional)") { Optional = true });
        _optionalNames = [.. _optionalNames, name];
        _readers.Add((p, preset, s) => set(s, p.OptionalBool(name) ?? (preset is not null && get(preset))));
        _writers.Add((w, s) =>
        {
            if (get(s)) w.WriteBoolean(name, true);
        });
        return this;
    }

    /// <summary>Adds a whole-number parameter.</summary>
    /// <param name="name">Its JSON name.</param>
    /// <param name="unit">Its unit.</param>
    /// <param name="doc">What it means.</param>
    /// <param name="get">Reads it from a spec.</param>
    /// <param name="set">A spec with it set.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> Int(string name, string unit, string doc, Func<TSpec, int> get, Func<TSpec, int, TSpec> set)
    {
        _parameters.Add(new ModelParameter(name, unit, ModelParameterKind.Int, get(_defaults).ToString(System.Globalization.CultureInfo.InvariantCulture), doc));
        _readers.Add((p, preset, s) => set(s, p.Int(name, preset is null ? null : get(preset))));
        _writers.Add((w, s) => w.WriteNumber(name, get(s)));
        return this;
    }

    /// <summary>Adds a transmitter amount parameter, <c>[activator, inhibitor]</c>.</summary>
    /// <param name="name">Its JSON name.</param>
    /// <param name="unit">Its unit.</param>
    /// <param name="doc">What it means.</param>
    /// <param name="get">Reads it from a spec.</param>
    /// <param name="set">A spec with it set.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> Amount(string name, string unit, string doc, Func<TSpec, TransmitterAmount> get, Func<TSpec, TransmitterAmount, TSpec> set)
    {
        var d = get(_defaults);
        _parameters.Add(new ModelParameter(name, unit, ModelParameterKind.Amount, $"[{Format(d.Activator)}, {Format(d.Inhibitor)}]", doc));
        _readers.Add((p, preset, s) => set(s, p.Amount(name, preset is null ? null : get(preset))));
        _writers.Add((w, s) => NetworkFileWriter.Amount(w, name, get(s)));
        return this;
    }

    /// <summary>Adds the optional "adaptiveThreshold" object (absent: the preset's, or none).</summary>
    /// <param name="get">Reads it from a spec.</param>
    /// <param name="set">A spec with it set.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> AdaptiveThreshold(Func<TSpec, AdaptiveThresholdSpec?> get, Func<TSpec, AdaptiveThresholdSpec?, TSpec> set)
    {
        const string name = "adaptiveThreshold";
        _parameters.Add(new ModelParameter(name, "", ModelParameterKind.AdaptiveThreshold, "",
            "optional homeostatic threshold {\"incrementMv\", \"tauMs\"}: theta rises by incrementMv at each spike and decays with tauMs"));
        _optionalNames = [.. _optionalNames, name];
        _readers.Add((p, preset, s) => set(s, p.AdaptiveThreshold(preset is null ? null : get(preset))));
        _writers.Add((w, s) => NetworkFileWriter.AdaptiveThreshold(w, get(s)));
        return this;
    }

    /// <summary>Adds the "channels" list of a conductance-based cell (needed unless a preset gives it).</summary>
    /// <param name="get">Reads it from a spec.</param>
    /// <param name="set">A spec with it set.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> Channels(Func<TSpec, IReadOnlyList<IonChannelSpec>> get, Func<TSpec, IReadOnlyList<IonChannelSpec>, TSpec> set)
    {
        const string name = "channels";
        _parameters.Add(new ModelParameter(name, "", ModelParameterKind.Channels, "",
            "the ion channels: [{\"name\", \"conductanceNs\", \"reversalMv\", \"gates\": [{\"name\", \"power\", \"kinetics\", \"alpha\", \"beta\", \"tau\", \"inf\", \"rateFactor\", \"q10\", \"scheme\"}]}] (\"scheme\" for kinetics kineticScheme), each optionally with \"ion\", \"reversal\" (fixed, nernst, ghk, ghk2) and \"permeabilityUm3PerS\" (ghk)"));
        _readers.Add((p, preset, s) => set(s, p.Channels(name, preset is null ? null : get(preset))));
        _writers.Add((w, s) => NetworkFileWriter.Channels(w, name, get(s)));
        return this;
    }

    /// <summary>Adds the optional "ports" list of a conductance-based cell's synaptic ports (absent: the preset's, or none).</summary>
    /// <param name="get">Reads it from a spec.</param>
    /// <param name="set">A spec with it set.</param>
    /// <param name="currentPorts">True where the model also takes current ports (conductanceLif), said in the parameter's description.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> Ports(Func<TSpec, IReadOnlyList<SynapticPortSpec>> get, Func<TSpec, IReadOnlyList<SynapticPortSpec>, TSpec> set, bool currentPorts = false)
    {
        const string name = "ports";
        _parameters.Add(new ModelParameter(name, "", ModelParameterKind.Ports, "",
            "optional synaptic ports replacing ge and gi: [{\"name\", \"decayMs\", \"riseMs\", \"reversalMv\", \"block\": {\"concentrationMm\", \"scalingConcentrationMm\", \"scalingVoltageMv\"}}]; a projection's \"port\" picks one"
            + (currentPorts ? "; a current port, {\"name\", \"decayMs\", \"riseMs\", \"current\": true}, holds a current in mV (x g_L) instead of a conductance" : "")) { Optional = true });
        _optionalNames = [.. _optionalNames, name];
        _readers.Add((p, preset, s) => set(s, p.Ports(name) ?? (preset is null ? get(_defaults) : get(preset))));
        _writers.Add((w, s) =>
        {
            if (get(s).Count > 0) NetworkFileWriter.Ports(w, name, get(s));
        });
        return this;
    }

    /// <summary>Adds the optional "concentrations" list of a conductance-based cell (absent: the preset's, or none; written when not empty).</summary>
    /// <param name="get">Reads it from a spec.</param>
    /// <param name="set">A spec with it set.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> Concentrations(Func<TSpec, IReadOnlyList<ConcentrationPoolSpec>> get, Func<TSpec, IReadOnlyList<ConcentrationPoolSpec>, TSpec> set)
    {
        const string name = "concentrations";
        _parameters.Add(new ModelParameter(name, "", ModelParameterKind.Concentrations, "",
            "ion concentration pools, one per ion, fed by the currents of the channels with that ion: [{\"ion\", \"model\", \"initialMm\", \"externalMm\", \"restingMm\", \"decayMs\", \"areaUm2\", \"shellThicknessUm\", \"rho\", \"valence\"}] (optional)") { Optional = true });
        _optionalNames = [.. _optionalNames, name];
        _readers.Add((p, preset, s) => set(s, p.Concentrations(name) ?? (preset is null ? [] : get(preset))));
        _writers.Add((w, s) => NetworkFileWriter.Concentrations(w, name, get(s)));
        return this;
    }

    /// <summary>Adds the optional "morphology" of a multi-compartment cell (absent: the preset's, or a point neuron; written when set).</summary>
    /// <param name="get">Reads it from a spec.</param>
    /// <param name="set">A spec with it set.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> Morphology(Func<TSpec, MorphologySpec?> get, Func<TSpec, MorphologySpec?, TSpec> set)
    {
        const string name = "morphology";
        _parameters.Add(new ModelParameter(name, "", ModelParameterKind.Morphology, "",
            "optional tree of compartments: {\"compartments\": [{\"name\", \"parent\", \"lengthUm\", \"diameterUm\"}], \"groups\": [{\"name\", \"compartments\"}], \"densities\": [{\"channel\", \"group\", \"conductanceMsPerCm2\"}], \"specificCapacitanceUfPerCm2\", \"capacitances\": [{\"group\", \"ufPerCm2\"}], \"axialResistivityOhmCm\", \"spikeCompartment\", \"inputCompartment\"}") { Optional = true });
        _optionalNames = [.. _optionalNames, name];
        _readers.Add((p, preset, s) => set(s, p.Morphology(name) ?? (preset is null ? get(_defaults) : get(preset))));
        _writers.Add((w, s) =>
        {
            if (get(s) is { } m) NetworkFileWriter.Morphology(w, name, m);
        });
        return this;
    }

    /// <summary>Sets the range the studio scales v to (default: <see cref="VoltageRange.RestToThreshold"/>).</summary>
    /// <param name="range">The range.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> Display(VoltageRange range)
    {
        Voltage = range;
        return this;
    }

    /// <summary>Sets the state variables a state monitor can record.</summary>
    /// <param name="variables">The names for a spec.</param>
    /// <returns>This descriptor.</returns>
    public NeuronModelDescriptor<TSpec> Variables(Func<TSpec, IReadOnlyList<string>> variables)
    {
        _variables = variables;
        return this;
    }

    /// <summary>Reads "params" with custom code instead of the table (which still lists them for the docs).</summary>
    /// <param name="read">Makes the spec from the parameters.</param>
    /// <returns>This descriptor.</returns>
    internal NeuronModelDescriptor<TSpec> ReadWith(Func<ModelParameters, TSpec> read)
    {
        _read = read;
        return this;
    }

    /// <summary>Writes "params" with custom code instead of the table.</summary>
    /// <param name="write">Writes the members.</param>
    /// <returns>This descriptor.</returns>
    internal NeuronModelDescriptor<TSpec> WriteWith(Action<Utf8JsonWriter, TSpec> write)
    {
        _write = write;
        return this;
    }

    /// <summary>A parameter listed for the docs that custom reading handles.</summary>
    internal NeuronModelDescriptor<TSpec> Listed(ModelParameter parameter, bool optional)
    {
        _parameters.Add(parameter);
        if (optional) _optionalNames = [.. _optionalNames, parameter.Name];
        return this;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateVariables(NeuronModelSpec model) => _variables((TSpec)model);

    /// <inheritdoc/>
    internal override NeuronModelSpec Read(JsonElement? element, string path, NeuronModelSpec? preset)
    {
        string[] required = [.. _parameters.Select(p => p.Name).Where(n => !_optionalNames.Contains(n))];
        var p = new ModelParameters(element, path, Name, preset is not null, required, _optionalNames);
        if (_read is not null) return _read(p);
        var b = preset as TSpec;
        var spec = _defaults;
        foreach (var read in _readers) spec = read(p, b, spec);
        return spec;
    }

    /// <inheritdoc/>
    internal override void Write(Utf8JsonWriter w, NeuronModelSpec model)
    {
        var spec = (TSpec)model;
        if (_write is not null)
        {
            _write(w, spec);
            return;
        }
        foreach (var write in _writers) write(w, spec);
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
