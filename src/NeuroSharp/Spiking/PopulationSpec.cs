namespace NeuroSharp.Spiking;

/// <summary>
/// A group of neurons that share one model (struct-of-arrays state in the engine): e.g. the 3200
/// excitatory cells of CUBA. Its neurons are addressed by index in [0, <see cref="Count"/>).
/// </summary>
public sealed record PopulationSpec
{
    /// <summary>The population's name, unique among populations and single neurons.</summary>
    public required string Name { get; init; }

    /// <summary>The number of neurons, at least 1.</summary>
    public required int Count { get; init; }

    /// <summary>The neuron model and its parameters.</summary>
    public required NeuronModelSpec Model { get; init; }

    /// <summary>What the population releases (Dale's principle); <see cref="NeuronKind.Mixed"/> allows both receptors.</summary>
    public NeuronKind Kind { get; init; }

    /// <summary>The initial membrane potential in mV (null: the model's rest, or c for Izhikevich).</summary>
    public DistributionSpec? InitialVMv { get; init; }

    /// <summary>Where the studio draws the population (x), or null.</summary>
    public double? X { get; init; }

    /// <summary>Where the studio draws the population (y), or null.</summary>
    public double? Y { get; init; }

    /// <summary>The studio's colour, e.g. <c>#4e79a7</c>, or null.</summary>
    public string? Color { get; init; }
}
