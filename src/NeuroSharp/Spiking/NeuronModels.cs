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

    /// <summary>File name of <see cref="AdExNeuronSpec"/>.</summary>
    public const string AdEx = "adex";

    /// <summary>File name of <see cref="PoissonSourceSpec"/>.</summary>
    public const string Poisson = "poisson";

    /// <summary>File name of <see cref="SpikeTimesSourceSpec"/>.</summary>
    public const string SpikeTimes = "spikeTimes";

    /// <summary>Every model name, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Transmitter, Lif, ConductanceLif, Izhikevich, AdEx, Poisson, SpikeTimes];

    /// <summary>The named presets of each model (a preset is a full parameter set; "params" in the file override it).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, NeuronModelSpec>> Presets { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, NeuronModelSpec>>(StringComparer.Ordinal)
        {
            [Transmitter] = new Dictionary<string, NeuronModelSpec>(StringComparer.Ordinal)
            {
                ["article"] = TransmitterNeuronSpec.Article, ["repository"] = TransmitterNeuronSpec.Repository,
                ["excitatory"] = TransmitterNeuronSpec.Excitatory, ["inhibitory"] = TransmitterNeuronSpec.Inhibitory,
            },
            [Lif] = new Dictionary<string, NeuronModelSpec>(StringComparer.Ordinal) { ["cuba"] = LifNeuronSpec.Cuba },
            [ConductanceLif] = new Dictionary<string, NeuronModelSpec>(StringComparer.Ordinal) { ["coba"] = ConductanceLifNeuronSpec.Coba },
            [Izhikevich] = new Dictionary<string, NeuronModelSpec>(StringComparer.Ordinal)
            {
                ["regularSpiking"] = IzhikevichNeuronSpec.RegularSpiking, ["intrinsicallyBursting"] = IzhikevichNeuronSpec.IntrinsicallyBursting,
                ["chattering"] = IzhikevichNeuronSpec.Chattering, ["fastSpiking"] = IzhikevichNeuronSpec.FastSpiking,
                ["lowThresholdSpiking"] = IzhikevichNeuronSpec.LowThresholdSpiking, ["thalamoCortical"] = IzhikevichNeuronSpec.ThalamoCortical,
                ["resonator"] = IzhikevichNeuronSpec.Resonator,
            },
            [AdEx] = new Dictionary<string, NeuronModelSpec>(StringComparer.Ordinal)
            {
                ["bretteGerstner"] = AdExNeuronSpec.BretteGerstner, ["tonic"] = AdExNeuronSpec.Tonic, ["adapting"] = AdExNeuronSpec.Adapting,
                ["initialBurst"] = AdExNeuronSpec.InitialBurst, ["regularBursting"] = AdExNeuronSpec.RegularBursting,
            },
            [Poisson] = new Dictionary<string, NeuronModelSpec>(StringComparer.Ordinal),
            [SpikeTimes] = new Dictionary<string, NeuronModelSpec>(StringComparer.Ordinal),
        };

    /// <summary>The file name of a model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>Its name, e.g. "lif".</returns>
    public static string NameOf(NeuronModelSpec model) => model switch
    {
        TransmitterNeuronSpec => Transmitter,
        LifNeuronSpec => Lif,
        ConductanceLifNeuronSpec => ConductanceLif,
        IzhikevichNeuronSpec => Izhikevich,
        AdExNeuronSpec => AdEx,
        PoissonSourceSpec => Poisson,
        SpikeTimesSourceSpec => SpikeTimes,
        _ => throw new ArgumentException($"Unknown neuron model {model.GetType().Name}.", nameof(model)),
    };

    /// <summary>True for the spike sources (Poisson, spike times), which receive no input.</summary>
    /// <param name="model">The model.</param>
    /// <returns>True for a source.</returns>
    public static bool IsSource(NeuronModelSpec model) => model is PoissonSourceSpec or SpikeTimesSourceSpec;

    /// <summary>The state variables a state monitor can record for a model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The variable names.</returns>
    public static IReadOnlyList<string> StateVariables(NeuronModelSpec model) => model switch
    {
        LifNeuronSpec l => l.AdaptiveThreshold is null ? ["v", "ge", "gi"] : ["v", "ge", "gi", "theta"],
        ConductanceLifNeuronSpec c => c.AdaptiveThreshold is null ? ["v", "ge", "gi"] : ["v", "ge", "gi", "theta"],
        IzhikevichNeuronSpec => ["v", "u", "ge", "gi"],
        AdExNeuronSpec => ["v", "w", "ge", "gi"],
        TransmitterNeuronSpec => TransmitterVariables,
        _ => [],
    };

    /// <summary>The state of a transmitter neuron, in the column order of state.csv.</summary>
    public static IReadOnlyList<string> TransmitterVariables { get; } =
    [
        "phase", "sta", "str", "dendriteActivator", "dendriteInhibitor", "synapseActivator", "synapseInhibitor",
        "accumulatedActivator", "accumulatedInhibitor", "currentActivator", "currentInhibitor", "lastActivator", "lastInhibitor",
    ];
}
