namespace NeuroSharp.Spiking;

/// <summary>A declared recording (docs/design.md#monitors-are-declared): what to record of which population; the engine owns the buffers.</summary>
public abstract record MonitorSpec
{
    /// <summary>The population or single neuron recorded.</summary>
    public required string Target { get; init; }
}
