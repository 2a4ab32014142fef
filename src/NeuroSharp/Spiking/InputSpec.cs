namespace NeuroSharp.Spiking;

/// <summary>Something that drives neurons without being a neuron: a current, independent Poisson trains, or a transmitter stimulus.</summary>
public abstract record InputSpec
{
    /// <summary>The population or single neuron it drives.</summary>
    public required string Target { get; init; }

    /// <summary>Which neurons of the target it drives (null: all).</summary>
    public IReadOnlyList<int>? Indices { get; init; }
}
