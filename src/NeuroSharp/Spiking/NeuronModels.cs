namespace NeuroSharp.Spiking;

/// <summary>The neuron models a network file can name, with their file names, presets and recordable variables.</summary>
public static class NeuronModels
{
    /// <summary>File name of <see cref="TransmitterNeuronSpec"/>.</summary>
    public const string Transmitter = "transmitter";

    /// <summary>File name of <see cref="LifNeuronSpec"/>.</summary>
    public const string Lif = "lif";

    /// <summary>File name of <see cref="ConductanceLifNeuronSpec"/>.</summary>
    public const string ConductanceLif = "conductanceLif";

    /// <summary>File name of <see cref="IzhikevichNeuronSpec"/>.</summary>
    public const string Izhikevich = "izhikevich";

    /// <summary>File name of <see cref="Izhikevich2007NeuronSpec"/>.</summary>
    public const string Izhikevich2007 = "izhikevich2007";

    /// <summary>File name of <see cref="AdExNeuronSpec"/>.</summary>
    public const string AdEx = "adex";

    /// <summary>File name of <see cref="GlifNeuronSpec"/>.</summary>
    public const string Glif = "glif";

    /// <summary>File name of <see cref="GifNeuronSpec"/>.</summary>
    public const string Gif = "gif";

    /// <summary>File name of <see cref="HodgkinHuxleyNeuronSpec"/>.</summary>
    public const string HodgkinHuxley = "hh";
    /// <summary>File name of <see cref="EquationsNeuronSpec"/>.</summary>
    public const string Equations = "equations";

    /// <summary>File name of <see cref="PoissonSourceSpec"/>.</summary>
    public const string Poisson = "poisson";

    /// <summary>File name of <see cref="SpikeTimesSourceSpec"/>.</summary>
    public const string SpikeTimes = "spikeTimes";

    /// <summary>File name of <see cref="RandomIntervalSourceSpec"/>.</summary>
    public const string RandomIntervals = "randomIntervals";

    /// <summary>
    /// Every model's descriptor, in the order the docs list them: the registry that the file reader and
    /// writer, validation, the studio's catalog and the docs loop over. A new model adds its descriptor here
    /// (and its population factory to <c>Simulation.PopulationFactories</c>).
    /// </summary>
    public static IReadOnlyList<NeuronModelDescriptor> All { get; } =
    [
        TransmitterNeuronSpec.Descriptor, LifNeuronSpec.Descriptor, ConductanceLifNeuronSpec.Descriptor, IzhikevichNeuronSpec.Descriptor, Izhikevich2007NeuronSpec.Descriptor,
        AdExNeuronSpec.Descriptor, GlifNeuronSpec.Descriptor, GifNeuronSpec.Descriptor, HodgkinHuxleyNeuronSpec.Descriptor, PoissonSourceSpec.Descriptor, SpikeTimesSourceSpec.Descriptor,
        RandomIntervalSourceSpec.Descriptor, EquationsNeuronSpec.Descriptor,
    ];

    private static readonly Dictionary<string, NeuronModelDescriptor> ByName = All.ToDictionary(d => d.Name, StringComparer.Ordinal);
    private static readonly Dictionary<Type, NeuronModelDescriptor> ByType = All.ToDictionary(d => d.SpecType);

    /// <summary>Every model name, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(d => d.Name)];

    /// <summary>The named presets of each model (a preset is a full parameter set; "params" in the file override it).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, NeuronModelSpec>> Presets { get; } =
        All.ToDictionary(d => d.Name, d => d.Presets, StringComparer.Ordinal);

    /// <summary>The descriptor of a model named in a file, or null.</summary>
    /// <param name="name">The name, e.g. "lif".</param>
    /// <returns>Its descriptor.</returns>
    public static NeuronModelDescriptor? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The descriptor of a model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>Its descriptor.</returns>
    public static NeuronModelDescriptor DescriptorOf(NeuronModelSpec model) =>
        ByType.GetValueOrDefault(model.GetType()) ?? throw new ArgumentException($"Unknown neuron model {model.GetType().Name}.", nameof(model));

    /// <summary>The file name of a model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>Its name, e.g. "lif".</returns>
    public static string NameOf(NeuronModelSpec model) => DescriptorOf(model).Name;

    /// <summary>The model's name after its article, for sentences: "a poisson", "an adex", "an hh" (said aitch-aitch).</summary>
    public static string WithArticle(NeuronModelSpec model)
    {
        string name = NameOf(model);
        return ("aeiou".Contains(name[0]) || name == HodgkinHuxley ? "an " : "a ") + name;
    }

    /// <summary>True for the spike sources (Poisson, spike times), which receive no input.</summary>
    /// <param name="model">The model.</param>
    /// <returns>True for a source.</returns>
    public static bool IsSource(NeuronModelSpec model) => DescriptorOf(model).IsSource;

    /// <summary>The state variables a state monitor can record for a model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The variable names.</returns>
    public static IReadOnlyList<string> StateVariables(NeuronModelSpec model) => ByType.TryGetValue(model.GetType(), out var d) ? d.StateVariables(model) : [];

    /// <summary>
    /// The unit a state variable is held in, as its model's page gives it: LIF's inputs as voltage-equivalents (mV),
    /// the conductance LIF's in units of its leak conductance, Izhikevich's u and inputs in model units, the
    /// Izhikevich 2007 cell's u in pA and its conductances in nS, AdEx's w in pA and its inputs in pA, or in nS when it
    /// has reversal potentials (conductance inputs, docs/spiking-adex.md), GLIF's currents in pA, GIF's eta in pA and its conductances in nS. The studio labels its
    /// plots with it.
    /// </summary>
    /// <param name="model">The model, whose parameters may decide the unit (AdEx).</param>
    /// <param name="variable">One of <see cref="StateVariables"/>.</param>
    /// <returns>The unit, or "" for a pure number (a transmitter neuron's phase).</returns>
    public static string StateVariableUnit(NeuronModelSpec model, string variable) => model switch
    {
        TransmitterNeuronSpec => variable == "phase" ? "" : variable is "sta" or "str" ? "steps" : "amount",
        LifNeuronSpec => "mV",
        ConductanceLifNeuronSpec c => variable is "v" or "theta" || c.Ports.Any(p => p.Current && p.Name == variable) ? "mV" : variable.EndsWith("_block", StringComparison.Ordinal) && c.Ports.Any(p => p.Block is not null && variable == p.Name + "_block") ? "" : "× g_L",
        IzhikevichNeuronSpec => variable == "v" ? "mV" : "a.u.",
        Izhikevich2007NeuronSpec z => variable switch
        {
            "v" => "mV",
            "u" => "pA",
            _ => variable.EndsWith("_block", StringComparison.Ordinal) && z.Ports.Any(p => p.Block is not null && variable == p.Name + "_block") ? "" : "nS",
        },
        AdExNeuronSpec a => variable switch { "v" => "mV", "w" => "pA", _ => a.ConductanceInputs ? "nS" : "pA" },
        GlifNeuronSpec => variable is "asc" or "isyn" ? "pA" : "mV",
        GifNeuronSpec => variable switch { "eta" => "pA", "ge" or "gi" => "nS", _ => "mV" },
        HodgkinHuxleyNeuronSpec => variable switch { "v" => "mV", "ge" or "gi" => "nS", _ => "1" },
        EquationsNeuronSpec => "model units",
        _ => "",
    };

    /// <summary>The state of a transmitter neuron, in the column order of state.csv.</summary>
    public static IReadOnlyList<string> TransmitterVariables { get; } =
    [
        "phase", "sta", "str", "dendriteActivator", "dendriteInhibitor", "synapseActivator", "synapseInhibitor",
        "accumulatedActivator", "accumulatedInhibitor", "currentActivator", "currentInhibitor", "lastActivator", "lastInhibitor",
    ];
}
