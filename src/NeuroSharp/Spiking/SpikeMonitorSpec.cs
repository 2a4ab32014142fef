namespace NeuroSharp.Spiking;

/// <summary>Records the spikes (neuron, step) of a population, or of some of its neurons.</summary>
public sealed record SpikeMonitorSpec : MonitorSpec
{
    /// <summary>The neurons recorded (null: all).</summary>
    public IReadOnlyList<int>? Indices { get; init; }
}
