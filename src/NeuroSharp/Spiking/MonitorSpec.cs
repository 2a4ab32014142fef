namespace NeuroSharp.Spiking;

/// <summary>A declared recording (STYLE 11): what to record of which population; the engine owns the buffers.</summary>
public abstract record MonitorSpec
{
    /// <summary>The population or single neuron recorded.</summary>
    public required string Target { get; init; }
}
