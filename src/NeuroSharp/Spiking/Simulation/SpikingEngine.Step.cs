using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

public sealed partial class SpikingEngine
{
    /// <summary>One step, phase by phase in the order of <see cref="StepOrder"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step()
    {
        if (_step >= MaxSteps) throw new InvalidOperationException($"The engine has reached its limit of {MaxSteps} steps.");
        int step = _step;
        if (_nextChange < _changes.Length && _changes[_nextChange].Step <= step) ApplyChanges(step);
        if (_part is not null)
        {
            StepPartitioned(step);
            return;
        }
        if (_backend is not null)
        {
            _step += _backend.Run(step, 1, CancellationToken.None, null);
            return;
        }
        if (_compactGroups is not null)
        {
            StepCompact(step);
            return;
        }
        Inputs(step);
        IntegrateAndThreshold(step);
        Deliver(step);
        Plasticity(step);
        ResetSpiked(step);
        Record(step);
        _step = step + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Inputs(int step)
    {
        foreach (var h in _temperatureGroups) h.ApplyTemperature(step);
        _currents.Apply(step);
        foreach (var d in _drives) d.Apply(step);
        foreach (var s in _stimuli) s.Apply(step);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void IntegrateAndThreshold(int step)
    {
        int threads = Options.Threads;
        if (!_gaps.IsEmpty) _gaps.Apply();
        foreach (var p in _populations) p.IntegrateAndThreshold(step, threads);
        if (!_gaps.IsEmpty) _gaps.Restore();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Deliver(int step)
    {
        foreach (var (ring, channel) in _ringChannels) ring.Drain(step, channel);
        foreach (var p in _projections) p.Deliver(step);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Plasticity(int step)
    {
        foreach (var p in _projections) p.Plasticity(step);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ResetSpiked(int step)
    {
        for (int i = 0; i < _populations.Count; i++)
        {
            var p = _populations[i];
            p.ApplyReset(step);
            _spikeTotals[i] += p.StepSpikes.Length;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Record(int step)
    {
        if (_countedGroups.Count > 0) CountStepSpikesPerNeuron();
        foreach (var (monitor, slice) in _spikeMonitors) monitor.Record(step, slice.StepSpikes());
        foreach (var (monitor, slice) in _rateMonitors) monitor.Record(slice.StepSpikes().Length);
        foreach (var (monitor, population, variables, neurons) in _stateMonitors)
        {
            if (monitor.IsDue(step)) monitor.Record(step, population, variables, neurons);
        }
        TransmitterState?.Record(step);
    }
}
