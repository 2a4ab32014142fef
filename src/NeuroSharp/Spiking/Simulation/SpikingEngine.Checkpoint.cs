namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Checkpoints (docs/spiking-engine.md, "Checkpoints"): the whole state of the engine to a file and back, so that a run to T1,
/// saved, then resumed to T2 gives bit for bit the spikes, recordings and weights of one run to T2, at any thread count. The
/// state is what <see cref="VisitState"/> walks; it is read and written outside the step loop.
/// </summary>
public sealed partial class SpikingEngine
{
    /// <summary>True when <see cref="SaveCheckpoint"/> and <see cref="RestoreCheckpoint"/> can be used: in one process, on the CPU.</summary>
    public bool CanCheckpoint => _part is null && _backend is null;

    /// <summary>
    /// Writes the engine's whole state to <paramref name="path"/> atomically (<see cref="SimulationCheckpoint"/>): every
    /// population's state arrays, every projection's weights, traces, short-term state and spikes in flight, the delay rings,
    /// gap junction and graded state, every random stream, the step, the timed changes made and what the monitors recorded.
    /// </summary>
    /// <param name="path">The checkpoint file (.safetensors).</param>
    /// <exception cref="InvalidInputException">The run is partitioned over ranks or steps on a device (not checkpointed yet).</exception>
    public void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RefuseCheckpoint();
        SimulationCheckpoint.Save(this, path);
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
    /// the field); or this run is partitioned or steps on a device.
    /// </exception>
    public void RestoreCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RefuseCheckpoint();
        var (content, meta) = SimulationCheckpoint.Read(this, path);
        // From the built models: the reader sets how many timed changes were made, and they are made again below.
        RestoreBuiltModels();
        SimulationCheckpoint.Restore(this, content, meta);
        for (int k = 0; k < _nextChange; k++) _changes[k].Group.TryRetune(_changes[k].Model);
        foreach (var g in _groups) g.StateWritten(dynamics: true, learned: true);
        foreach (var p in _projections) p.WeightsWritten();
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
    }

    private void RefuseCheckpoint()
    {
        if (_part is not null)
            throw new InvalidInputException("A partitioned run (mpiexec) is not checkpointed yet; run it in one process to use --checkpoint or --resume.");
        if (_backend is not null)
            throw new InvalidInputException("A run on a device (--device gpu) is not checkpointed yet; run it on the CPU to use --checkpoint or --resume.");
    }
}
