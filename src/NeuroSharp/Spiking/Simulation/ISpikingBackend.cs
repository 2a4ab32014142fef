namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Where an engine's steps run when not on its own CPU loop (a GPU, through NeuroSharp.Gpu). The engine
/// keeps building the network (connectivity, weights, delays, initial state: the same draws as on the
/// CPU) and keeps its host arrays authoritative between runs: a backend loads them at the start of
/// <see cref="Run"/>, steps on its device, feeds the engine's monitors, and writes them back at the end.
/// What is in flight between runs (spikes waiting for their delay) stays with the backend, which
/// <see cref="ResetDynamics"/> clears.
/// </summary>
internal interface ISpikingBackend : IDisposable
{
    /// <summary>Runs steps <paramref name="firstStep"/> .. firstStep + steps - 1; returns how many ran (fewer when cancelled).</summary>
    /// <param name="firstStep">The engine's step count now.</param>
    /// <param name="steps">Steps to take.</param>
    /// <param name="cancellationToken">Stops between blocks of steps.</param>
    /// <param name="progress">Receives the fraction done, or null.</param>
    /// <returns>The steps taken.</returns>
    int Run(int firstStep, int steps, CancellationToken cancellationToken, Action<double>? progress);

    /// <summary>Forgets the spikes in flight (delay queues and rings), as the engine's own reset does.</summary>
    void ResetDynamics();

    /// <summary>
    /// Normalises a projection's weights on request (<see cref="SpikingEngine.NormalizeWeights"/>) on the device and
    /// copies them back at once, so the host arrays stay the truth and the next run uploads nothing; false leaves it to the host.
    /// </summary>
    /// <param name="projection">The projection (it declares a normalisation).</param>
    /// <returns>True when done.</returns>
    bool NormalizeWeights(Projection projection);
}
