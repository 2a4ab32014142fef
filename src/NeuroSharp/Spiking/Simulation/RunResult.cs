namespace NeuroSharp.Spiking.Simulation;

/// <summary>What one <see cref="SpikingEngine.Run"/> did.</summary>
/// <param name="Steps">Steps taken.</param>
/// <param name="BiologicalMs">Simulated time, steps x dt, in ms.</param>
/// <param name="Seconds">Wall-clock seconds of the run.</param>
/// <param name="Spikes">Spikes of all populations and transmitter neurons during the run.</param>
/// <param name="SynapticEvents">Spike deliveries to synapses during the run (one per synapse per arriving spike).</param>
/// <param name="Cancelled">True if a cancellation stopped the run early.</param>
public sealed record RunResult(int Steps, double BiologicalMs, double Seconds, long Spikes, long SynapticEvents, bool Cancelled)
{
    /// <summary>Wall seconds per simulated second (the benchmarks' figure).</summary>
    public double WallPerBiologicalSecond => BiologicalMs > 0 ? Seconds / (BiologicalMs / 1000.0) : 0;

    /// <summary>Synaptic events per wall second.</summary>
    public double EventsPerSecond => Seconds > 0 ? SynapticEvents / Seconds : 0;
}
