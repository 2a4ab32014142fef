namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Checkpoints (docs/spiking-engine.md, "Checkpoints"): the whole state of the engine to a file and back, so that a run to T1,
/// saved, then resumed to T2 gives bit for bit the spikes, recordings and weights of one run to T2, at any thread count. The
/// state is what <see cref="VisitState"/> walks; it is read and written outside the step loop.
/// </summary>
public sealed partial class SpikingEngine
{
    /// <summary>
    /// True when <see cref="SaveCheckpoint"/> and <see cref="RestoreCheckpoint"/> can be used: on the CPU in one process or
    /// partitioned over ranks, or on a device (docs/gpu.md, "Checkpoints": the same file either way).
    /// </summary>
    public bool CanCheckpoint => _part is null || _backend is null;

    /// <summary>
    /// Writes the engine's whole state to <paramref name="path"/> atomically (<see cref="SimulationCheckpoint"/>): every
    /// population's state arrays, every projection's weights, traces, short-term state and spikes in flight, the delay rings,
    /// gap junction and graded state, every random stream, the step, the timed changes made and what the monitors recorded.
    /// </summary>
    /// <remarks>
    /// A partitioned engine (mpiexec) writes its rank's part, <c>path.rank-K-of-N</c> (<see cref="SimulationCheckpoint.PartPath"/>):
    /// a collective that every rank calls at the same step; no part is replaced unless every rank wrote its own.
    /// </remarks>
    /// <param name="path">The checkpoint file (.safetensors).</param>
    /// <exception cref="InvalidInputException">The run is both partitioned and on a device.</exception>
    public void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RefuseCheckpoint();
        if (_backend is not null) PullForCheckpoint();
        if (_part is null) SimulationCheckpoint.Save(this, path);
        else SimulationCheckpoint.SavePart(this, path, PartOfThisJob(), _part.Communicator);
    }

    /// <summary>
    /// Continues from a checkpoint that <see cref="SaveCheckpoint"/> wrote for the same network and seeds: the state, step and
    /// recordings become the checkpoint's, and the next <see cref="Run"/> goes on from its step. The network may have gained
    /// timed changes, current inputs and spike times from that step on, which apply from then on as in one run of it from 0
    /// (<see cref="SimulationCheckpoint.ResumeHash"/>).
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <exception cref="InvalidInputException">
    /// The file is missing, truncated or damaged, or of another network, seed or step length (one sentence naming the file and
    /// the field); a partitioned engine's part is of another rank count, partition or spike exchange, or the ranks' parts are
    /// of different steps.
    /// </exception>
    public void RestoreCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RefuseCheckpoint();
        var (content, meta) = _part is null ? SimulationCheckpoint.Read(this, path) : SimulationCheckpoint.ReadPart(this, path, PartOfThisJob(), _part.Communicator);
        // From the built models: the reader sets how many timed changes were made, and they are made again below.
        RestoreBuiltModels();
        SimulationCheckpoint.Restore(this, content, meta);
        for (int k = 0; k < _nextChange; k++) _changes[k].Group.TryRetune(_changes[k].Model);
        foreach (var g in _groups) g.StateWritten(dynamics: true, learned: true);
        foreach (var p in _projections) p.WeightsWritten();
        if (_backend is null) return;
        // The host's copy is the checkpoint's now: the device takes what is in flight at once, the rest at the next run.
        foreach (var g in _countedGroups) _backend.ClearSpikesPerNeuron(g);
        _backend.PushInFlight();
    }

    /// <summary>
    /// A device's state into the host's arrays before a checkpoint is written, the one time it is copied down for it: every
    /// population's state, the weights, the STDP traces and the spike counts per neuron where the device holds them newer, then
    /// what is in flight in the CPU loop's form (<see cref="ISpikingBackend.PullInFlight"/>), so that the file is the CPU's.
    /// </summary>
    private void PullForCheckpoint()
    {
        foreach (var g in _groups)
        {
            WithHostState(g);
            if (g.NeuronSpikeCounts is not null) _backend!.PullSpikesPerNeuron(g);
        }
        foreach (var p in _projections)
        {
            WithHostWeights(p);
            WithHostTraces(p);
        }
        _backend!.PullInFlight();
    }

    /// <summary>
    /// Visits the whole state in a fixed order (the writer and the reader of a checkpoint walk the same path): the clock and
    /// counters, each population, each projection with its rules, the delay rings, gap junctions and graded projections, the
    /// Poisson drive, then the monitors.
    /// </summary>
    internal void VisitState(StateVisitor v)
    {
        v.Value("step", ref _step);
        v.Value("changesMade", ref _nextChange);
        if (_nextChange < 0 || _nextChange > _changes.Length)
            throw new InvalidInputException($"The checkpoint's changesMade is {_nextChange}, but the network has {_changes.Length} timed changes.");
        bool learning = _learning;
        v.Value("learning", ref learning);
        if (v.Reading) LearningEnabled = learning;
        v.Values("spikeTotals", _spikeTotals.AsSpan());
        for (int i = 0; i < _populations.Count; i++)
        {
            using var scope = v.Scope($"population{i}");
            _populations[i].VisitState(v);
        }
        for (int k = 0; k < _projections.Count; k++)
        {
            using var scope = v.Scope($"projection{k}");
            _projections[k].VisitState(v);
        }
        for (int k = 0; k < _rings.Count; k++)
        {
            using var scope = v.Scope($"ring{k}");
            _rings[k].VisitState(v);
        }
        using (v.Scope("gapJunctions")) _gaps.VisitState(v);
        for (int k = 0; k < _drives.Count; k++)
        {
            using var scope = v.Scope($"drive{k}");
            _drives[k].VisitState(v);
        }
        // The arrays the current inputs sum into (a group's I, a compartment's buffer) hold their values between switches: each
        // population visits them as its own, so an input added for later steps adds no state (SimulationCheckpoint.SeenBefore).
        for (int k = 0; k < _spikeMonitors.Count; k++)
        {
            using var scope = v.Scope($"spikeMonitor{k}");
            _spikeMonitors[k].Monitor.VisitState(v);
        }
        for (int k = 0; k < _stateMonitors.Count; k++)
        {
            using var scope = v.Scope($"stateMonitor{k}");
            _stateMonitors[k].Monitor.VisitState(v);
        }
        for (int k = 0; k < _rateMonitors.Count; k++)
        {
            using var scope = v.Scope($"rateMonitor{k}");
            _rateMonitors[k].Monitor.VisitState(v);
        }
        if (TransmitterState is { } t)
        {
            using var scope = v.Scope("transmitterStateMonitor");
            t.VisitState(v);
        }
        if (_part is not null)
        {
            using var scope = v.Scope("window");
            VisitWindow(v);
        }
    }

    /// <summary>
    /// A partitioned run's spikes of the exchange window not yet exchanged (a checkpoint may fall inside a window): the steps
    /// collected, and the spikes kept to send, in the layout of the run's exchange (all-gathered, or one buffer per rank).
    /// </summary>
    private void VisitWindow(StateVisitor v)
    {
        int window = _part!.Window;
        v.Value("steps", ref _windowSteps);
        if (_windowSteps < 0 || _windowSteps >= window)
            throw new InvalidInputException($"The checkpoint's window steps is {_windowSteps}, outside [0, {window - 1}] for this run's window of {window} steps.");
        if (_heldGaps is not null)
        {
            using var gaps = v.Scope("heldGapJunctions");
            _heldGaps.VisitState(v);
        }
        v.Buffer("send", _send);
        v.Buffer("keep", _keep);
        for (int r = 0; r < _sendTo.Length; r++) v.Buffer($"sendTo{r}", _sendTo[r]);
        if (_sendTo.Length > 0) v.Values("spikesTo", _spikesTo.AsSpan());
    }

    /// <summary>This rank's part of a partitioned run's checkpoint.</summary>
    private PartOfJob PartOfThisJob() => new(_part!.Communicator.Rank, _part!.Communicator.Size,
        _part!.Scheme == Distributed.PartitionScheme.Blocks ? "blocks" : "round-robin", RoutesSpikes ? "routed" : "all-gather");

    private void RefuseCheckpoint()
    {
        if (!CanCheckpoint)
            throw new InvalidInputException("A run both partitioned (mpiexec) and on a device (--device gpu) is not checkpointed; checkpoint it on one of the two.");
    }
}
