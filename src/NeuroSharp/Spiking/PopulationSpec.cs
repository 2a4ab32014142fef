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

    /// <summary>
    /// Initial values of state variables drawn per neuron (e.g. <c>v</c>, <c>ge</c>, <c>gi</c>, <c>u</c>, <c>w</c>);
    /// a variable not listed starts at its default (v at rest, or c for Izhikevich; u = b v; others 0).
    /// Conductances and synaptic inputs are clipped at 0.
    /// </summary>
    public IReadOnlyDictionary<string, DistributionSpec>? Initial { get; init; }

    /// <summary>Where the studio draws the population (x), or null.</summary>
    public double? X { get; init; }

    /// <summary>Where the studio draws the population (y), or null.</summary>
    public double? Y { get; init; }

    /// <summary>The studio's colour, e.g. <c>#4e79a7</c>, or null.</summary>
    public string? Color { get; init; }
}
