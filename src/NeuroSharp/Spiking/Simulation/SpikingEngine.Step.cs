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
        _currents.Apply(step);
        foreach (var d in _drives) d.Apply();
        foreach (var (neuron, spec, lastListed, steps) in _stimuli)
        {
            // Listed steps, then every EverySteps after the last listed one (from step 0 when none is listed).
            int from = Math.Max(lastListed, 0);
            bool due = steps.Contains(step) || (spec.EverySteps > 0 && step >= from && (step - from) % spec.EverySteps == 0 && (lastListed < 0 || step > lastListed));
            if (due) Transmitters!.Stimulate(neuron, spec.Amount);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void IntegrateAndThreshold(int step)
    {
        int threads = Options.Threads;
        foreach (var g in _groups) g.IntegrateAndThreshold(step, threads);
        if (Transmitters is { } t)
        {
            t.Step();
            for (int i = 0; i < t.Count; i++)
            {
                if (t.Released(i)) _transmitterReleases++;
            }
        }
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
        foreach (var g in _groups)
        {
            g.ApplyReset(step);
            _spikeTotals[g.Index] += g.SpikeCount;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Record(int step)
    {
        foreach (var (monitor, group, transmitter) in _spikeMonitors)
        {
            if (group is not null) monitor.Record(step, group.Spikes.AsSpan(0, group.SpikeCount));
            else if (Transmitters!.Released(transmitter)) monitor.Record(step, [0]);
        }
        foreach (var (monitor, group, transmitter) in _rateMonitors)
            monitor.Record(group?.SpikeCount ?? (Transmitters!.Released(transmitter) ? 1 : 0));
        foreach (var (monitor, group, transmitter, arrays) in _stateMonitors)
        {
            if (!monitor.IsDue(step)) continue;
            if (group is not null) monitor.Record(step, arrays);
            else RecordTransmitter(monitor, step, transmitter);
        }
        TransmitterState?.Record(step, Transmitters!);
    }

    /// <summary>A state monitor on a transmitter neuron (kept out of the loop: its closure would be allocated every step).</summary>
    private void RecordTransmitter(StateMonitor monitor, int step, int transmitter) =>
        monitor.Record(step, (v, _) => (float)TransmitterValue(transmitter, monitor.Variables[v]));

    private double TransmitterValue(int neuron, string variable)
    {
        var s = Transmitters!.State(neuron);
        return variable switch
        {
            "phase" => (double)s.Phase,
            "sta" => s.StepsToActivation,
            "str" => s.StepsToRecovery,
            "dendriteActivator" => s.Dendrite.Activator,
            "dendriteInhibitor" => s.Dendrite.Inhibitor,
            "synapseActivator" => s.Synapse.Activator,
            "synapseInhibitor" => s.Synapse.Inhibitor,
            "accumulatedActivator" => s.Accumulated.Activator,
            "accumulatedInhibitor" => s.Accumulated.Inhibitor,
            "currentActivator" => s.Current.Activator,
            "currentInhibitor" => s.Current.Inhibitor,
            "lastActivator" => s.Last.Activator,
            _ => s.Last.Inhibitor,
        };
    }
}
