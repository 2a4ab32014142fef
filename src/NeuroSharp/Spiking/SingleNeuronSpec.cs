namespace NeuroSharp.Spiking;

/// <summary>
/// One neuron placed by hand (the studio's unit; the article's networks are made of these): a model
/// with its parameters, a position and a colour. A single spiking neuron behaves as a population of
/// one; single transmitter neurons form the article's network, stepped in the order they are listed.
/// </summary>
public sealed record SingleNeuronSpec
{
    /// <summary>The neuron's id, unique among neurons and populations; links name it.</summary>
    public required string Id { get; init; }

    /// <summary>A display name (e.g. the article's "ПЕРВЫЙ"), or null to show the id.</summary>
    public string? Label { get; init; }

    /// <summary>The model and its parameters.</summary>
    public required NeuronModelSpec Model { get; init; }

    /// <summary>What it releases (Dale's principle); checked against the model and its links.</summary>
    public NeuronKind Kind { get; init; }

    /// <summary>
    /// Initial values of state variables drawn per neuron (e.g. <c>v</c>, <c>ge</c>, <c>gi</c>, <c>u</c>, <c>w</c>);
    /// a variable not listed starts at its default (v at rest, or c for Izhikevich; u = b v; others 0).
    /// Conductances and synaptic inputs are clipped at 0.
    /// </summary>
    public IReadOnlyDictionary<string, DistributionSpec>? Initial { get; init; }

    /// <summary>Horizontal position in the studio's canvas units.</summary>
    public double X { get; init; }

    /// <summary>Vertical position in the studio's canvas units.</summary>
    public double Y { get; init; }

    /// <summary>The studio's colour, e.g. <c>#e15759</c>, or null for the kind's default.</summary>
    public string? Color { get; init; }
}
