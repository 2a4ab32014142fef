using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The compact step: the step of a small network of plain current-based LIF populations (the controllers that
/// evolution builds, docs/evolution-pole-balancing.md), which calls each phase's work directly instead of through the
/// general loop. Such a network spends most of a general step on the loop itself (dispatch over populations, blocks,
/// kernel checks and empty phases), not on its few neurons. The compact step does the same float operations in the
/// same order on the same arrays (the scalar LIF kernel, which gives the vector kernel's bits; the rings drained, then
/// the projections delivered in order; the resets), so its spikes and state are the general step's bit for bit, and
/// every other method of the engine (reset, monitors, weights, variables, retuning) sees the same state.
/// </summary>
public sealed partial class SpikingEngine
{
    /// <summary>The most neurons a network may have for the compact step; larger ones gain from the vector kernels and blocks.</summary>
    internal const int CompactMaxNeurons = 256;

    private LifGroup[]? _compactGroups;
    private Projection[] _compactProjections = [];
    private (DelayRing Ring, float[] Channel)[] _compactRings = [];
    private (RateMonitor Monitor, NeuronGroup Group)[]? _compactRates; // null: the monitors are recorded by Record

    /// <summary>True when this engine steps with the compact step (a small network of plain current-based LIF populations).</summary>
    internal bool StepsCompact => _compactGroups is not null;

    /// <summary>Leaves the compact step for the general one (the tests compare the two).</summary>
    internal void UseGeneralStep() => _compactGroups = null;

    /// <summary>
    /// Chooses the compact step, after the build, for a network in one process on the CPU loop with at most
    /// <see cref="CompactMaxNeurons"/> neurons, every population current-based LIF with neither an adaptive threshold nor a
    /// rise time, no transmitter neurons, gap junctions, Poisson drive or stimuli, and no plasticity on any projection.
    /// None of these can appear later: retuning keeps the rise times and the adaptive threshold (<see cref="CanSetModel"/>).
    /// </summary>
    private void ChooseCompactStep()
    {
        if (_part is not null || _backend is not null || Transmitters is not null || !_gaps.IsEmpty || _drives.Count > 0 || _stimuli.Count > 0) return;
        if (NeuronCount > CompactMaxNeurons) return;
        foreach (var g in _groups)
        {
            if (g is not LifGroup { CanIntegrateWhole: true }) return;
        }
        foreach (var p in _projections)
        {
            if (p.Rules.Count > 0) return;
        }
        _compactGroups = [.. _groups.Cast<LifGroup>()];
        _compactProjections = [.. _projections];
        _compactRings = [.. _ringChannels];
        // Rate monitors of whole populations alone (a closed loop's choice: it reads the spikes itself) need only the counts.
        if (_spikeMonitors.Count == 0 && _stateMonitors.Count == 0 && _rateMonitors.TrueForAll(m => m.Slice.Population is NeuronGroup g && m.Slice.First == 0 && m.Slice.Count == g.Count))
            _compactRates = [.. _rateMonitors.Select(m => (m.Monitor, (NeuronGroup)m.Slice.Population))];
    }

    /// <summary>One compact step: the phases of <see cref="StepOrder"/> for a network <see cref="ChooseCompactStep"/> accepted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepCompact(int step)
    {
        _currents.Apply(step);
        var groups = _compactGroups!;
        foreach (var g in groups) g.IntegrateWhole(step);
        foreach (var (ring, channel) in _compactRings) ring.Drain(step, channel);
        foreach (var p in _compactProjections) p.DeliverCompact(step); // nothing when there is no spike to send and no queue to advance
        var totals = _spikeTotals;
        for (int i = 0; i < groups.Length; i++)
        {
            var g = groups[i];
            if (g.SpikeCount == 0) continue; // nothing to reset or count
            g.ApplyReset(step);
            totals[i] += g.SpikeCount;
        }
        if (_compactRates is { } rates)
        {
            foreach (var (monitor, group) in rates) monitor.Record(group.SpikeCount);
            if (_countedGroups.Count > 0) CountStepSpikesPerNeuron();
        }
        else Record(step);
        _step = step + 1;
    }
}
