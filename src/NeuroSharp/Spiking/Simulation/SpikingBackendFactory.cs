namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Where an engine runs its steps when not on its own CPU loop: set <see cref="SimulationOptions.Backend"/> and
/// the engine, once built, hands its steps to the backend this makes (NeuroSharp.Gpu's <c>GpuBackend</c>;
/// docs/gpu.md). Only assemblies this one trusts can implement it.
/// </summary>
public abstract class SpikingBackendFactory
{
    /// <summary>
    /// Leave a network the backend does not run on the CPU loop (true: what <c>--device auto</c> asks) or refuse it
    /// (false, the default: <c>--device gpu</c>).
    /// </summary>
    public bool FallBackToCpu { get; init; }

    /// <summary>What the backend runs on, in words (for metrics and logs).</summary>
    public abstract string Description { get; }

    /// <summary>Makes the backend for a built engine, or returns null to leave it on the CPU loop (an automatic choice that cannot run the network).</summary>
    /// <param name="engine">The engine, built and reset.</param>
    /// <returns>The backend, or null.</returns>
    /// <exception cref="InvalidInputException">The backend was asked for and cannot run the network (one sentence saying why).</exception>
    internal abstract ISpikingBackend? Attach(SpikingEngine engine);
}
