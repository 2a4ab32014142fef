namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Where an engine's steps run when not on its own CPU loop (a GPU, through NeuroSharp.Gpu). The engine
/// keeps building the network (connectivity, weights, delays, initial state: the same draws as on the
/// CPU); a backend loads its host arrays at the start of <see cref="Run"/> where the host wrote them since the last copy,
/// steps on its device and feeds the engine's monitors. What the steps change stays on the device, newer than the host's
/// copy, until the engine needs it on the host: the plastic weights (<see cref="Projection.WeightsOnDevice"/>,
/// <see cref="PullWeights"/>), the STDP traces (<see cref="Projection.TracesOnDevice"/>, <see cref="PullTraces"/>) and the
/// populations' state (<see cref="NeuronGroup.StateOnDevice"/>, <see cref="PullState"/>); every host reader and writer goes
/// through the engine, which pulls first.
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
    /// Normalises a projection's weights on request (<see cref="SpikingEngine.NormalizeWeights"/>) on the device, where they
    /// stay (<see cref="Projection.WeightsOnDevice"/>) until the host reads them; false leaves it to the host.
    /// </summary>
    /// <param name="projection">The projection (it declares a normalisation).</param>
    /// <returns>True when done.</returns>
    bool NormalizeWeights(Projection projection);

    /// <summary>
    /// Copies a projection's weights down into its host array when the device holds newer ones
    /// (<see cref="Projection.WeightsOnDevice"/>), which makes the two copies equal; nothing otherwise.
    /// </summary>
    /// <param name="projection">The projection.</param>
    void PullWeights(Projection projection);

    /// <summary>
    /// Copies a population's state (v, u or w, g_e, g_i, I, rise states, refractoriness, theta) down into its host arrays where the
    /// device holds newer values (<see cref="NeuronGroup.StateOnDevice"/>) and the host has not rewritten them since, which makes
    /// the two copies equal; nothing otherwise.
    /// </summary>
    /// <param name="group">The population.</param>
    /// <param name="dynamics">Copy the transient state (v, u or w, g_e, g_i, I, rise states, refractoriness).</param>
    /// <param name="learned">Copy the learned state (theta).</param>
    void PullState(NeuronGroup group, bool dynamics, bool learned);

    /// <summary>
    /// The engine counts each neuron's spikes of <paramref name="group"/> from now on (<see cref="SpikingEngine.CountSpikesPerNeuron"/>):
    /// the backend makes room for the counts on its device, counted with the rest of its copy against the device's memory and the
    /// memory budget, or refuses in one sentence (<see cref="InvalidInputException"/>) and changes nothing.
    /// </summary>
    /// <param name="group">The population.</param>
    void CountSpikesPerNeuron(NeuronGroup group);

    /// <summary>Adds the device's spike counts per neuron of a counted population into its host array (<see cref="NeuronGroup.NeuronSpikeCounts"/>) and zeroes them there.</summary>
    /// <param name="group">The population.</param>
    void PullSpikesPerNeuron(NeuronGroup group);

    /// <summary>Zeroes the device's spike counts per neuron of a counted population.</summary>
    /// <param name="group">The population.</param>
    void ClearSpikesPerNeuron(NeuronGroup group);

    /// <summary>
    /// Copies a projection's STDP traces (x_pre, x_post, y2) down into its rule's host arrays when the device holds newer ones
    /// (<see cref="Projection.TracesOnDevice"/>), which makes the two copies equal; nothing otherwise.
    /// </summary>
    /// <param name="projection">The projection (it has an STDP rule).</param>
    void PullTraces(Projection projection);

    /// <summary>
    /// Before a checkpoint is written (<see cref="SpikingEngine.SaveCheckpoint"/>): copies what the backend keeps in flight into the
    /// engine's host structures, in the CPU loop's own form: each constant delay's queue (from the source's spike history), the
    /// delay rings, the short-term state, and for STDP with per-synapse delays its queue, the queued short-term factors and the
    /// x_pre history. The engine pulls the populations' state, the weights, the traces and the spike counts itself.
    /// </summary>
    void PullInFlight();

    /// <summary>
    /// After a checkpoint was read into the host structures (<see cref="SpikingEngine.RestoreCheckpoint"/>): the backend takes what
    /// is in flight from them (the reverse of <see cref="PullInFlight"/>); the rest goes up at the next run, as after any host write.
    /// </summary>
    void PushInFlight();
}
